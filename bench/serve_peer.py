#!/usr/bin/env python3
"""The original design, for bench/serve_load.sh: FastAPI + uvicorn scoring a pickled
Surprise SVD and a dense TF-IDF cosine matrix per request, on the same split.

Usage: serve_peer.py --train artifacts/split/train.csv --movies artifacts/parsed/movies.csv
                     --port 8001 [--pickle bench/data/svd.pkl]
Routes: GET /recommend/user/{id}?n=10 (hybrid 0.7 * clipped SVD prediction mapped to
[0, 1] + 0.3 * mean cosine to the user's liked movies), GET /similar/{movie_id}?n=10,
GET /popular?n=10 (damped mean, C = 10).
"""
import argparse, csv, os, pickle, sys

import numpy as np
from fastapi import FastAPI, HTTPException
import uvicorn

parser = argparse.ArgumentParser()
parser.add_argument("--train", required=True)
parser.add_argument("--movies", required=True)
parser.add_argument("--port", type=int, default=8001)
parser.add_argument("--pickle", default=os.path.join(os.path.dirname(__file__), "data", "svd.pkl"))
args = parser.parse_args()

from surprise import SVD, Dataset, Reader
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

ratings = pd.read_csv(args.train)
movies = pd.read_csv(args.movies)
if os.path.exists(args.pickle):
    with open(args.pickle, "rb") as handle:
        algo = pickle.load(handle)
else:
    data = Dataset.load_from_df(ratings[["userId", "movieId", "rating"]], Reader(rating_scale=(1, 5)))
    algo = SVD(n_factors=100, n_epochs=20, random_state=42)
    algo.fit(data.build_full_trainset())
    os.makedirs(os.path.dirname(args.pickle), exist_ok=True)
    with open(args.pickle, "wb") as handle:
        pickle.dump(algo, handle)

movie_ids = movies["movieId"].tolist()
position = {m: i for i, m in enumerate(movie_ids)}
titles = movies["title"].tolist()
text = (movies["title"].fillna("") + " " + movies["genres"].fillna("").str.replace("|", " ")).tolist()
cosine = cosine_similarity(TfidfVectorizer().fit_transform(text))  # dense N x N, as the original
by_user = {u: g for u, g in ratings.groupby("userId")}
stats = ratings.groupby("movieId")["rating"].agg(["count", "sum"])
mean = ratings["rating"].mean()

app = FastAPI()


@app.get("/recommend/user/{user_id}")
def recommend(user_id: int, n: int = 10):
    rows = by_user.get(user_id)
    if rows is None:
        raise HTTPException(404, "unknown user")
    rated = set(rows["movieId"].tolist())
    liked = [position[m] for m, r in zip(rows["movieId"], rows["rating"]) if r >= 4 and m in position]
    content = cosine[liked].mean(axis=0) if liked else np.zeros(len(movie_ids))
    scores = []
    for i, m in enumerate(movie_ids):
        if m in rated:
            continue
        svd = (min(max(algo.predict(user_id, m).est, 1), 5) - 1) / 4
        scores.append((0.7 * svd + 0.3 * content[i], m))
    scores.sort(reverse=True)
    return {"user_id": user_id, "items": [{"movie_id": m, "title": titles[position[m]], "score": s} for s, m in scores[:n]]}


@app.get("/similar/{movie_id}")
def similar(movie_id: int, n: int = 10):
    if movie_id not in position:
        raise HTTPException(404, "unknown movie")
    row = cosine[position[movie_id]]
    order = np.argsort(-row)
    items = [int(i) for i in order if movie_ids[i] != movie_id][:n]
    return {"movie_id": movie_id, "items": [{"movie_id": movie_ids[i], "title": titles[i], "similarity": float(row[i])} for i in items]}


@app.get("/popular")
def popular(n: int = 10):
    damped = (10 * mean + stats["sum"]) / (10 + stats["count"])
    top = damped.sort_values(ascending=False).head(n)
    return {"items": [{"movie_id": int(m), "score": float(s)} for m, s in top.items()]}


print("peer ready", file=sys.stderr, flush=True)
uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")
