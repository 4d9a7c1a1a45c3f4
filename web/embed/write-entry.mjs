// Trunk post_build hook: writes register-kit.js, the stable entry point of the embed, into
// trunk's staging directory.
//
// It fills the template web/embed/register-kit.js with the content-hashed file names that
// trunk gave the wasm-bindgen module and the wasm file of this build. The entry keeps its
// name from build to build, so register-server sends it with "no-cache", while the hashed
// files stay cacheable as immutable.

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const GLUE_PLACEHOLDER = "__REGISTER_KIT_GLUE__";
const WASM_PLACEHOLDER = "__REGISTER_KIT_WASM__";
const ENTRY_NAME = "register-kit.js";

function fail(message) {
  console.error(`write-entry: ${message}`);
  process.exit(1);
}

// Returns the single file name in `names` that matches `pattern`.
function single(names, pattern, description) {
  const matches = names.filter((name) => pattern.test(name));
  if (matches.length !== 1) {
    fail(`expected one ${description} in the staging directory, found ${matches.length}: ${matches.join(", ")}`);
  }
  return matches[0];
}

const stagingDir = process.env.TRUNK_STAGING_DIR;
if (!stagingDir) {
  fail("TRUNK_STAGING_DIR is not set; run this as a trunk post_build hook");
}

const names = readdirSync(stagingDir);
const glue = single(names, /^register-web-[0-9a-f]+\.js$/, "wasm-bindgen module (register-web-<hash>.js)");
const wasm = single(names, /^register-web-[0-9a-f]+_bg\.wasm$/, "wasm file (register-web-<hash>_bg.wasm)");

const templatePath = join(dirname(fileURLToPath(import.meta.url)), ENTRY_NAME);
const template = readFileSync(templatePath, "utf8");
for (const placeholder of [GLUE_PLACEHOLDER, WASM_PLACEHOLDER]) {
  const count = template.split(placeholder).length - 1;
  if (count !== 1) {
    fail(`${templatePath} must contain ${placeholder} once, found ${count} times`);
  }
}

const entry = template.replace(GLUE_PLACEHOLDER, glue).replace(WASM_PLACEHOLDER, wasm);
writeFileSync(join(stagingDir, ENTRY_NAME), entry);
console.log(`write-entry: wrote ${ENTRY_NAME} for ${glue} and ${wasm}`);
