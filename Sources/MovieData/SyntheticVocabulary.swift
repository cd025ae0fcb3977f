/// The fixed tables the synthetic generator draws from: ML-1M's 18 genres with their
/// shares and usual companions, and title words tied to each genre.
///
/// Title words are tied to genres so that TF-IDF over titles carries the same taste
/// signal as the genres: a user who likes horror likes titles with "Blood" and "Night".
enum SyntheticVocabulary {
  /// ML-1M's genres, in its (alphabetical) order.
  static let genres = [
    "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
    "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War",
    "Western",
  ]

  /// How often each genre leads a movie (roughly ML-1M's genre counts).
  static let primaryWeights: [Double] = [
    503, 283, 105, 251, 1200, 211, 127, 1603, 68, 44, 343, 114, 106, 471, 276, 492, 143, 68,
  ]

  /// Shares of movies with 1, 2, 3, 4 and 5 genres (ML-1M: about half have one).
  static let genreCountShares: [Double] = [0.52, 0.34, 0.11, 0.026, 0.004]

  /// Genres that go together, by genre index: (companion, weight).
  static let companions: [[(Int, Double)]] = [
    [(1, 3), (15, 3), (14, 2.5), (5, 2), (16, 1), (4, 1.5), (7, 1.5), (13, 0.5), (17, 0.5)],
    [
      (0, 3), (3, 2), (8, 1.5), (14, 1.5), (4, 1.5), (2, 1), (7, 1), (13, 0.8), (17, 0.5),
      (16, 0.5),
    ],
    [(3, 5), (4, 2), (11, 2), (1, 1), (8, 1)],
    [(4, 3), (2, 3), (1, 2), (8, 1.5), (11, 1.5), (7, 1)],
    [
      (13, 3), (7, 2.5), (3, 1), (0, 1), (5, 1), (11, 0.5), (14, 0.5), (10, 0.5), (16, 0.3),
      (17, 0.3),
    ],
    [(7, 3), (15, 3), (0, 2), (4, 1.5), (12, 1), (9, 1)],
    [(7, 1), (16, 1), (11, 1), (4, 0.5)],
    [
      (13, 3), (4, 2), (15, 2), (16, 1.5), (5, 1.5), (12, 0.6), (0, 1), (1, 0.5), (11, 0.3),
      (17, 0.3),
    ],
    [(1, 2), (3, 2), (4, 1.5), (2, 1), (0, 1), (13, 0.5), (14, 0.5)],
    [(15, 2), (12, 2), (5, 2), (7, 1), (13, 0.3)],
    [(15, 3), (14, 2), (4, 1), (12, 1), (7, 0.5)],
    [(4, 2), (13, 2), (2, 1.5), (3, 1.5), (7, 1)],
    [(15, 3), (5, 2), (7, 1.5), (9, 1), (10, 1), (13, 0.5)],
    [(7, 3), (4, 3), (11, 0.5), (16, 0.5), (15, 0.5), (1, 0.5)],
    [(0, 3), (15, 2), (10, 2), (1, 2), (4, 0.7), (7, 0.5), (16, 0.3)],
    [(0, 3), (7, 2), (5, 2), (10, 1.5), (12, 1.5), (14, 1.5), (9, 0.3), (13, 0.5)],
    [(7, 3), (0, 2), (4, 0.5), (13, 0.5), (1, 0.5)],
    [(0, 1), (4, 1), (7, 1), (1, 0.5), (13, 0.3)],
  ]

  /// A genre's own offset to item quality, in latent units: documentaries and noir are
  /// rated higher than horror and children's films in MovieLens.
  static let genreQuality: [Float] = [
    -0.05, 0, 0.1, -0.2, -0.05, 0.05, 0.3, 0.1, -0.1, 0.35, -0.3, 0, 0.05, 0, -0.05, 0, 0.25, 0.05,
  ]

  /// Title words per genre (same order as `genres`).
  static let genreWords: [[String]] = [
    [
      "Fury", "Strike", "Bullet", "Force", "Mission", "Fire", "Hunter", "Impact", "Blast", "Rage",
      "Target", "Revenge", "Commando", "Steel", "Thunder", "Chase", "Fist", "Rampage", "Showdown",
      "Edge",
    ],
    [
      "Quest", "Treasure", "Island", "Journey", "Jungle", "Voyage", "Lost", "Temple", "Expedition",
      "Kingdom", "Pirates", "Legend", "Compass", "Map", "Odyssey", "Frontier", "River", "Mountain",
      "Safari", "Sword",
    ],
    [
      "Toon", "Bunny", "Sparkle", "Dragonfly", "Puppy", "Bubble", "Whiskers", "Doodle", "Pixel",
      "Tales", "Kitty", "Rainbow", "Teddy", "Panda", "Owl", "Little", "Magic", "Land", "Critters",
      "Balloon",
    ],
    [
      "Kids", "Little", "Puppy", "Friends", "Pony", "School", "Camp", "Christmas", "Family",
      "Buddy",
      "Santa", "Toy", "Gang", "Dog", "Babysitter", "Treehouse", "Secret", "Garden", "Wonder",
      "Circus",
    ],
    [
      "Crazy", "Party", "Wedding", "Funny", "Dumb", "Nutty", "Weekend", "Vacation", "Trouble",
      "Honeymoon", "Bachelor", "Business", "Roommates", "Goofy", "Prank", "Hot", "Silly", "Boss",
      "Monkey", "Neighbors",
    ],
    [
      "Heist", "Gangster", "Money", "Deal", "Mob", "Street", "Killer", "Cop", "Score", "Confession",
      "Getaway", "Ransom", "Racket", "Dirty", "Boulevard", "Prison", "Hustle", "Informant",
      "Syndicate",
      "Brooklyn",
    ],
    [
      "Story", "Life", "World", "Portrait", "Inside", "Voices", "Truth", "Hoop", "Earth", "America",
      "Music", "Century", "Journey", "Making", "Years", "Portraits", "People", "Nature", "History",
      "Archive",
    ],
    [
      "Heart", "Life", "Father", "Mother", "Daughter", "Sons", "Home", "Silence", "Promise",
      "Winter",
      "Memory", "Letters", "Shadows", "Soul", "Grace", "Tears", "Judgment", "Dreams", "Fall",
      "Song",
    ],
    [
      "Wizard", "Dragon", "Spell", "Kingdom", "Enchanted", "Unicorn", "Realm", "Sorcerer", "Elf",
      "Crystal", "Witch", "Potion", "Giant", "Fairy", "Magic", "Labyrinth", "Curse", "Oracle",
      "Genie",
      "Phoenix",
    ],
    [
      "Dark", "Passage", "Double", "Sunset", "Kiss", "Deadly", "Detour", "Lady", "Shanghai",
      "Asphalt",
      "Murder", "Night", "Blonde", "Big", "Sleep", "Scarlet", "Alibi", "Gun", "Cornered", "Mask",
    ],
    [
      "Blood", "Dead", "Evil", "Scream", "Haunting", "Night", "Terror", "Zombie", "Nightmare",
      "Curse",
      "Ghost", "Demon", "Massacre", "Hallow", "Skull", "Crypt", "Fear", "Chainsaw", "Beast",
      "Grave",
    ],
    [
      "Song", "Dance", "Melody", "Music", "Rhythm", "Ballroom", "Broadway", "Swing", "Tune",
      "Chorus",
      "Singing", "Jazz", "Band", "Carnival", "Stage", "Opera", "Harmony", "Serenade", "Showboat",
      "Tap",
    ],
    [
      "Secret", "Clue", "Vanishing", "Stranger", "Mirror", "Puzzle", "Riddle", "Manor",
      "Disappearance",
      "Suspect", "Witness", "Shadow", "Key", "Case", "Hidden", "Unknown", "Window", "Whisper",
      "Enigma",
      "Trail",
    ],
    [
      "Love", "Kiss", "Heart", "Wedding", "Bride", "Summer", "Sweet", "Forever", "Moon", "Romance",
      "Valentine", "Paris", "Darling", "Lovers", "Affair", "Desire", "Dream", "Roses", "Honey",
      "Sleepless",
    ],
    [
      "Star", "Planet", "Alien", "Robot", "Galaxy", "Space", "Future", "Cyber", "Android", "Time",
      "Mars",
      "Invasion", "Machine", "Orbit", "Quantum", "Clone", "Matrix", "Nebula", "Starship", "Eclipse",
    ],
    [
      "Fear", "Danger", "Hostage", "Pursuit", "Conspiracy", "Fatal", "Trap", "Obsession", "Silent",
      "Panic", "Stalker", "Deception", "Sniper", "Agent", "Killing", "Edge", "Breakdown",
      "Instinct",
      "Vertigo", "Paranoia",
    ],
    [
      "Battle", "Soldier", "Platoon", "Glory", "Front", "Enemy", "Tanks", "Bridge", "Sergeant",
      "Victory",
      "Regiment", "Army", "Trench", "Navy", "Bravo", "Command", "Fortress", "Ambush", "Troop",
      "Medal",
    ],
    [
      "Gun", "Outlaw", "Ranch", "Rider", "Desert", "Sheriff", "Canyon", "Dakota", "Stagecoach",
      "Cowboy",
      "Saloon", "Frontier", "Tombstone", "Mesa", "Wild", "Posse", "Gunfight", "Bandit", "Pecos",
      "Trail",
    ],
  ]

  /// Words any title may use.
  static let generalWords = [
    "Man", "Woman", "Girl", "Boy", "Day", "Night", "City", "Road", "House", "Last", "First", "Big",
    "Time", "Game", "Blue", "Red", "Black", "White", "Golden", "Sky", "Sea", "King", "Queen",
    "Death",
    "Angel", "Devil", "Child", "Town", "Heaven", "Sun", "Rain", "Storm", "Wind", "Ice", "Stone",
    "Paradise", "Empire", "Sister", "Brother", "Friend", "Runner", "Hour", "Year", "Spring",
    "Autumn",
    "Return", "Escape", "Rising", "Circle", "Line", "Point", "Story", "Place", "Way", "World",
  ]

  /// Words of foreign-language titles; several need latin-1 (é, ñ, ç, ã, ü, ê, ï, â).
  static let foreignWords = [
    "Café", "Señor", "Noël", "Été", "Amitié", "Château", "Fiancée", "Déjà", "Garçon", "Niña",
    "Mañana",
    "Rêve", "Coração", "Müller", "Élan", "Naïve", "Crème", "Frère", "Pâques", "Vie", "Amour",
    "Nuit",
    "Rosa", "Cielo", "Luna", "Sombra", "Mère", "Fête",
  ]

  /// Leading articles that MovieLens moves to the end ("Fire Hunter, The").
  static let foreignArticles = ["Le", "La", "Les", "El", "Il", "Der", "Die"]

  /// ML-1M's age codes and how many of its users have each.
  static let ageCodes = [1, 18, 25, 35, 45, 50, 56]
  static let ageWeights: [Double] = [222, 1103, 2096, 1193, 550, 496, 380]

  /// ML-1M's occupation codes 0...20 and roughly how many of its users have each.
  static let occupationWeights: [Double] = [
    711, 528, 267, 173, 759, 112, 236, 679, 17, 92, 195, 129, 388, 142, 302, 144, 241, 502, 70, 72,
    281,
  ]
}
