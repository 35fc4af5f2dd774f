// `npm run codegen [output-root]`: writes the client state classes of schema/*.ts with schema-codegen,
// TypeScript to <root>/ts and Dart to <root>/dart (default root: client/generated, committed).
// test/client/codegen.test.ts regenerates into a scratch folder and fails when the committed copies differ.
//
// schema-codegen (@colyseus/schema 5.0.34) types every numeric field `double` in Dart, integer schema types included,
// because package:colyseus reads numbers through its SchemaView as `num`. So that Dart gets exact types too, each
// getter of a field declared with an integer type (int8…uint64, read from the TypeScript output) is rewritten to
// `int get f => (view['f'] as num).toInt();`. Collections of integers (`MapSchema<double>`) are left as generated.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Integer schema types: in Dart their getters return `int`. */
const INTEGER_TYPES = new Set(["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"]);

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
integerGettersForDart(join(root, "ts"), join(root, "dart"));
process.stdout.write(`generated ${schemas.join(", ")} into ${root}/{ts,dart}\n`);

function integerGettersForDart(tsDir, dartDir) {
  for (const file of readdirSync(tsDir).filter((f) => f.endsWith(".ts"))) {
    const ts = readFileSync(join(tsDir, file), "utf8");
    const integers = [...ts.matchAll(/@type\("(\w+)"\) public (\w+)!: number;/g)].filter((m) => INTEGER_TYPES.has(m[1])).map((m) => m[2]);
    const dartFile = join(dartDir, file.replace(/\.ts$/, ".dart"));
    let dart = readFileSync(dartFile, "utf8");
    for (const field of integers) {
      const generated = `  double get ${field} => view['${field}'];`;
      if (!dart.includes(generated)) throw new Error(`${dartFile}: no generated getter for integer field ${field} (schema-codegen output changed?)`);
      dart = dart.replace(generated, `  int get ${field} => (view['${field}'] as num).toInt();`);
    }
    writeFileSync(dartFile, dart);
  }
}
