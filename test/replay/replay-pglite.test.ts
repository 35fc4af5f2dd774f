import { replaySuite } from "./replay-suite.js";

replaySuite("pglite", Number(process.env.REPLAY_GAMES ?? 50));
