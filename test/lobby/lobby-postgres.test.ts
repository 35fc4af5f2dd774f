import { lobbySuite } from "./lobby-suite.js";

lobbySuite("postgres");
