import { replaySuite } from "./replay-suite.js";

// the full count runs on PGlite; PostgreSQL stores and serves the same records (fewer games keep the suite short)
replaySuite("postgres", Number(process.env.REPLAY_GAMES_POSTGRES ?? 10));
