"""Writes tfidf_fixture.json: scikit-learn's TfidfVectorizer() defaults on a small
set of movie documents, plus Python's lowercase + token_pattern on tricky strings.

Run once from the package root (the output is committed):
  python3 -m venv .venv && .venv/bin/pip install scikit-learn
  .venv/bin/python Tests/ContentSimilarityTests/Fixtures/make_tfidf_fixture.py
"""

import json
import os
import re

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

MOVIES = [
    ("Toy Story", ["Animation", "Children's", "Comedy"]),
    ("Toy Story 2", ["Animation", "Children's", "Comedy"]),
    ("Misérables, Les", ["Drama", "Musical"]),
    ("Mise\u0301rables, Les", ["Drama", "Musical"]),  # NFD: U+0301 is not \w in Python
    ("Amélie (Fabuleux destin d'Amélie Poulain, Le)", ["Comedy", "Romance"]),
    ("Schindler's List", ["Drama", "War"]),
    ("Monty Python's Life of Brian", ["Comedy"]),
    ("Star Wars: Episode IV - A New Hope", ["Action", "Adventure", "Sci-Fi"]),
    ("Star Wars: Episode V - The Empire Strikes Back", ["Action", "Adventure", "Drama", "Sci-Fi", "War"]),
    ("Alien", ["Horror", "Sci-Fi"]),
    ("Aliens", ["Action", "Sci-Fi", "Thriller", "War"]),
    ("2001: A Space Odyssey", ["Drama", "Mystery", "Sci-Fi", "Thriller"]),
    ("12 Angry Men", ["Drama"]),
    ("M", ["Crime", "Film-Noir", "Thriller"]),
    ("X-Men", ["Action", "Sci-Fi"]),
    ("Se7en", ["Crime", "Thriller"]),
    ("Blade Runner", ["Film-Noir", "Sci-Fi"]),
    ("Crouching Tiger, Hidden Dragon (Wo hu cang long)", ["Action", "Drama", "Romance"]),
    ("Léon: The Professional (a.k.a. The Professional) (Léon)", ["Action", "Crime", "Drama", "Thriller"]),
    ("Cité des enfants perdus, La (City of Lost Children, The)", ["Adventure", "Sci-Fi"]),
    ("Das Boot", ["Action", "Drama", "War"]),
    ("ÇA TOURNE À MANHATTAN", ["Comedy"]),
    ("Ying xiong (Hero)", ["Action", "Adventure", "Drama"]),
    ("8½", ["Drama"]),
    ("ΖΟΡΜΠΑΣ Ο ΈΛΛΗΝ", ["Drama"]),  # final sigma: lower() gives 'ζορμπας'
    ("Bridget Jones's Diary", ["Comedy", "Romance"]),
    ("Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb", ["Comedy", "War"]),
    ("Fast & Furious 6", ["Action", "Crime", "Thriller"]),
    ("Ocean's Eleven", ["Crime", "Thriller"]),
    ("Ocean's Twelve", ["Action", "Comedy", "Crime", "Thriller"]),
    ("Shrek", ["Adventure", "Animation", "Children's", "Comedy", "Fantasy"]),
    ("Shrek the Third", ["Adventure", "Animation", "Children's", "Comedy", "Fantasy"]),
    ("Wallace & Gromit: The Wrong Trousers", ["Animation", "Comedy"]),
    ("Night of the Living Dead", ["Horror", "Sci-Fi"]),
    ("Dawn of the Dead", ["Horror"]),
    ("Godfather, The", ["Crime", "Drama"]),
    ("Godfather: Part II, The", ["Crime", "Drama"]),
    ("Jalla! Jalla!", ["Comedy", "Drama", "Romance"]),
    ("", ["Documentary"]),
    ("A", []),  # no token at all: an all-zero row
    ("Hard-Boiled (Lat sau san taam)", ["Action", "Crime", "Drama", "Thriller"]),
    ("Hamlet", ["Drama"]),
    ("Hamlet", ["Drama"]),  # identical rows: ties go to the lower index
    ("Мастер и Маргарита", ["Drama", "Fantasy"]),
    ("千と千尋の神隠し (Spirited Away)", ["Adventure", "Animation", "Fantasy"]),
    ("Some Film", ["(no genres listed)"]),
    ("genre_drama x_y __init__", ["Drama"]),  # underscores are word characters
]

TOKEN_CASES = [
    "Misérables, Les",
    "Mise\u0301rables",
    "İstanbul",  # lower() gives 'i' + U+0307, which is not \w
    "ΟΔΟΣ ΣΑ Σ. ΑΣ'Σ",
    "ǅemal ǄEMAL",
    "STRASSE ẞ Straße",
    "8½ x² ⅷb ٣٤ १२३",
    "a b c de f",
    "don't l'amour rock'n'roll",
    "_ __ a_ _b",
    "emoji 🎬🎬 film",
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ",
    "한국 영화",
    "\u1100\u1161\u11a8 nfd hangul",
    "tab\tnew\nline",
    "ﬁlm ﬂy",
]

TOKEN_PATTERN = re.compile(r"(?u)\b\w\w+\b")


def genre_token(genre):
    if genre == "(no genres listed)":
        return None
    core = re.sub(r"[\W_]+", "_", genre.lower()).strip("_")
    return "genre_" + core if core else None


def document(title, genres):
    parts = [title] if title else []
    parts += [t for t in (genre_token(g) for g in genres) if t]
    return " ".join(parts)


def main():
    docs = [document(t, g) for t, g in MOVIES]
    vec = TfidfVectorizer()
    X = vec.fit_transform(docs).tocsr()
    X.sort_indices()
    vocab = sorted(vec.vocabulary_, key=lambda w: vec.vocabulary_[w])
    assert vocab == sorted(vocab)
    S = (X @ X.T).toarray()
    neighbours = []
    for i in range(S.shape[0]):
        row = [(-S[i, j], j) for j in range(S.shape[0]) if j != i and S[i, j] > 0]
        row.sort()
        neighbours.append([[j, -s] for s, j in row[:5]])
    out = {
        "generator": "make_tfidf_fixture.py, scikit-learn " + sklearn.__version__,
        "movies": [{"title": t, "genres": g, "document": d} for (t, g), d in zip(MOVIES, docs)],
        "vocabulary": vocab,
        "idf": vec.idf_.tolist(),
        "indptr": X.indptr.tolist(),
        "indices": X.indices.tolist(),
        "data": X.data.tolist(),
        "neighbours": neighbours,
        "tokens": [{"text": s, "tokens": TOKEN_PATTERN.findall(s.lower())} for s in TOKEN_CASES],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tfidf_fixture.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
