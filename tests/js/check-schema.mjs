// Compiles a JSON Schema with ajv in strict mode (draft 2020-12, formats from ajv-formats)
// and validates documents against it:
//   node check-schema.mjs SCHEMA.json [--no-formats] DOC.json...
// Prints {"compiled": true, "results": [{"file", "valid", "errors"}]}; a schema that strict
// mode refuses (an unknown keyword or format) makes it exit non-zero with ajv's message.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const args = process.argv.slice(2);
const schemaFile = args.shift();
const checkFormats = !args.includes("--no-formats");
const documents = args.filter((arg) => arg !== "--no-formats");
const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: checkFormats });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")));
const results = documents.map((file) => {
  const valid = validate(JSON.parse(readFileSync(file, "utf8")));
  return { file, valid, errors: valid ? [] : validate.errors };
});
console.log(JSON.stringify({ compiled: true, results }));
