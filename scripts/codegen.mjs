// `npm run codegen [output-root]`: writes the client state classes of schema/*.ts with schema-codegen,
// TypeScript to <root>/ts and Dart to <root>/dart (default root: client/generated, committed).
// test/client/codegen.test.ts regenerates into a scratch folder and fails when the committed copies differ.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = process.argv[2] ?? "client/generated";
const schemas = readdirSync("schema").filter((f) => f.endsWith(".ts")).sort().map((f) => join("schema", f));

for (const target of ["ts", "dart"]) {
  const out = join(root, target);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const schema of schemas) {
    const result = spawnSync("npx", ["--no-install", "schema-codegen", schema, `--${target}`, "--output", `${out}/`], { encoding: "utf8" });
    if (result.status !== 0) {
      process.stderr.write(`schema-codegen failed for ${schema} (${target}):\n${result.stdout}${result.stderr}`);
      process.exit(1);
    }
  }
}
process.stdout.write(`generated ${schemas.join(", ")} into ${root}/{ts,dart}\n`);
