// The form editor's reading and saving of handbook files (generator/assets/playbook-yaml.js),
// run by Node with the vendored `yaml` and js-yaml libraries, as the browser loads them.
// Input (stdin, JSON): {"textPaths": [...], "jobs": [{"read": text} | {"edit": text, "data": {...}}]}
// Output (stdout, JSON): one answer a job: {"data": ...} for a read, {"text": text or null} for
// an edit, {"error": message} when reading throws.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const assets = path.resolve(__dirname, "../../generator/assets");
const sandbox = {};
vm.createContext(sandbox);
for (const library of ["vendor/yaml.js", "vendor/js-yaml.min.js"]) {
  vm.runInContext(fs.readFileSync(path.join(assets, library), "utf8"), sandbox);
}
const files = require(path.join(assets, "playbook-yaml.js"))(sandbox.YAML, sandbox.jsyaml);

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const handbook = files(input.textPaths);
const answers = input.jobs.map((job) => {
  try {
    if ("read" in job) return { data: handbook.read(job.read) };
    return { text: handbook.edit(job.edit, job.data) };
  } catch (error) {
    return { error: String(error && error.message ? error.message : error) };
  }
});
process.stdout.write(JSON.stringify(answers));
