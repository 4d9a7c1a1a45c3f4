// Judges the kit's JSON with ZITADEL's own protobuf descriptors (@zitadel/proto 1.3.1).
//
// The fixtures come from `cargo test -p register-e2e --test contract_fixtures`, which writes
// every request body register-core builds for a table of sample users and every response
// body the stand-in returns. Each body must parse with strict proto3 JSON (unknown keys
// and bad enum names are errors), must already be in canonical form (what `toJson` writes
// back), and requests must meet the validate rules the descriptors carry.

import assert from "node:assert/strict";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { create, fromJson, toJson } from "@bufbuild/protobuf";
import * as management from "@zitadel/proto/zitadel/management_pb.js";
import { ErrorDetailSchema } from "@zitadel/proto/zitadel/message_pb.js";

import { isPgvEmail, validationErrors } from "./rules.mjs";
import { schemaNamed } from "./schemas.mjs";

const fixtureDir = process.env.CONTRACT_FIXTURES ?? fileURLToPath(new URL("../../target/contract/", import.meta.url));
const ERROR_DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";

function loadFixtures(kind) {
  const directory = join(fixtureDir, kind);
  if (!existsSync(directory)) {
    return [];
  }
  return readdirSync(directory)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ name, ...JSON.parse(readFileSync(join(directory, name), "utf8")) }));
}

const requests = loadFixtures("requests");
const responses = loadFixtures("responses");
const manifestPath = join(fixtureDir, "manifest.json");
const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")) : undefined;

test("fixtures are present and complete", () => {
  assert.ok(manifest, `missing ${manifestPath}; run cargo test -p register-e2e --test contract_fixtures first`);
  assert.deepEqual(requests.map((fixture) => fixture.name), [...manifest.requests].sort());
  assert.deepEqual(responses.map((fixture) => fixture.name), [...manifest.responses].sort());
  const responseSchemas = new Set(responses.map((fixture) => fixture.schema));
  for (const required of manifest.requiredResponseSchemas) {
    assert.ok(responseSchemas.has(required), `no response fixture of ${required}`);
  }
});

for (const fixture of requests) {
  test(`request ${fixture.name} is valid ${fixture.schema}`, () => {
    const schema = schemaNamed(fixture.schema);
    const message = fromJson(schema, fixture.body);
    assert.deepEqual(toJson(schema, message), fixture.body, "body differs from its canonical proto3 JSON");
    // grpc-gateway merges path parameters such as {user_id} into the message before the
    // validate rules run, so the rules apply to the merged message.
    const merged = fromJson(schema, { ...fixture.body, ...fixture.path });
    assert.deepEqual(validationErrors(schema, merged), []);
  });
}

for (const fixture of responses) {
  test(`response ${fixture.name} is valid ${fixture.schema}`, () => {
    if (fixture.schema === "error") {
      assertErrorBody(fixture.body, fixture.status);
      return;
    }
    assert.ok(fixture.status >= 200, `status ${fixture.status} for a success schema`);
    assert.ok(fixture.status < 300, `status ${fixture.status} for a success schema`);
    const schema = schemaNamed(fixture.schema);
    const message = fromJson(schema, fixture.body);
    assert.deepEqual(toJson(schema, message), fixture.body, "body differs from its canonical proto3 JSON");
  });
}

// grpc-gateway writes a google.rpc.Status, which @zitadel/proto does not ship; its
// details are zitadel.v1.ErrorDetail, which it does.
function assertErrorBody(body, status) {
  assert.ok(status >= 400, `error body with status ${status}`);
  assert.deepEqual(Object.keys(body).filter((key) => !["code", "message", "details"].includes(key)), []);
  assert.ok(Number.isInteger(body.code), `code ${body.code} is not an integer`);
  assert.ok(body.code > 0, `code ${body.code} is not an error code`);
  assert.ok(body.code <= 16, `code ${body.code} is not a gRPC code`);
  assert.equal(typeof body.message, "string");
  assert.ok(Array.isArray(body.details ?? []), "details is not a list");
  const details = body.details ?? [];
  for (const detail of details) {
    const { "@type": type, ...fields } = detail;
    assert.equal(type, ERROR_DETAIL_TYPE);
    const parsed = fromJson(ErrorDetailSchema, fields);
    assert.deepEqual(toJson(ErrorDetailSchema, parsed), fields);
    assert.ok(parsed.id.length > 0, "detail without id");
  }
  // ZITADEL writes "<text> (<id>)" for its single-detail errors. The gateway's field
  // errors list several problems in one message instead.
  if (details.length === 1) {
    const id = details[0].id;
    assert.ok(body.message.endsWith(`(${id})`), `message ${JSON.stringify(body.message)} lacks (${id})`);
  }
}

// The judge itself must reject what ZITADEL rejects, or the tests above prove nothing.
const validImport = {
  userName: "minnie-mouse",
  profile: { firstName: "Minnie", lastName: "Mouse", gender: "GENDER_FEMALE" },
  email: { email: "minnie@mouse.com" },
  password: "Secr3tP4ssw0rd!",
};

function importErrors(body) {
  return validationErrors(management.ImportHumanUserRequestSchema, fromJson(management.ImportHumanUserRequestSchema, body));
}

test("judge accepts the valid sample", () => {
  assert.deepEqual(importErrors(validImport), []);
});

test("judge rejects unknown keys", () => {
  assert.throws(() => fromJson(management.ImportHumanUserRequestSchema, { ...validImport, isAdmin: true }));
  assert.throws(() => fromJson(management.ImportHumanUserRequestSchema, { ...validImport, recoveryCodes: [] }));
});

test("judge rejects a misspelled enum name", () => {
  const body = { ...validImport, profile: { ...validImport.profile, gender: "GENDER_DIVERS" } };
  assert.throws(() => fromJson(management.ImportHumanUserRequestSchema, body));
});

test("judge rejects a number where a string belongs", () => {
  assert.throws(() => fromJson(management.ImportHumanUserRequestSchema, { ...validImport, userName: 42 }));
});

test("judge counts lengths in code points", () => {
  assert.deepEqual(importErrors({ ...validImport, userName: "😀".repeat(200) }), []);
  assert.equal(importErrors({ ...validImport, userName: "😀".repeat(201) }).length, 1);
  assert.equal(importErrors({ ...validImport, userName: "" }).length, 1);
});

test("judge checks required messages and prefixes", () => {
  const { profile, ...withoutProfile } = validImport;
  assert.ok(profile);
  assert.deepEqual(importErrors(withoutProfile), ["zitadel.management.v1.ImportHumanUserRequest.profile: value is required"]);
  const localPhone = { ...validImport, phone: { phone: "071 000 00 00" } };
  assert.equal(importErrors(localPhone).length, 1);
  const longLanguage = { ...validImport, profile: { ...validImport.profile, preferredLanguage: "de-CH-1996-x" } };
  assert.equal(importErrors(longLanguage).length, 1);
});

test("judge checks the email rule", () => {
  for (const address of ["anna.example+news@example.com", "o'brien@example.ie", "a@xn--bcher-kva.example"]) {
    assert.ok(isPgvEmail(address), address);
  }
  for (const address of ["Anna <anna@example.com>", "anna@", "anna@bücher.example", "an..na@example.com", "anna@-x.com"]) {
    assert.ok(!isPgvEmail(address), address);
  }
});

test("judge rejects a non-canonical response", () => {
  const schema = management.ImportHumanUserResponseSchema;
  const body = { userId: "1", details: { sequence: 3, resourceOwner: "2" } };
  const message = fromJson(schema, body);
  assert.notDeepEqual(toJson(schema, message), body, "uint64 as a number must not pass as canonical");
  const empty = create(schema);
  assert.deepEqual(toJson(schema, empty), {});
});
