export { createProgram, EXIT, runCli } from "./program.js";
