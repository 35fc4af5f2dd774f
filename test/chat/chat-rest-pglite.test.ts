import { chatRestSuite } from "./chat-rest-suite.js";

chatRestSuite("pglite");
