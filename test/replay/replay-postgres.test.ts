import { replaySuite } from "./replay-suite.js";

// the same 50 games of each game, stored and served by PostgreSQL
replaySuite("postgres", Number(process.env.REPLAY_GAMES_POSTGRES ?? 50));
