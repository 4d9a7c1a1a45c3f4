// Checks a parsed message against the protoc-gen-validate rules in its descriptor.
//
// protobuf-es does not enforce these rules; the descriptors of @zitadel/proto carry them as
// `validate.rules` field options. This walker covers the rules the registration messages
// use: string `min_len`/`max_len` (counted in code points, as PGV counts runes), `prefix`,
// the well-known `email` rule, and `message.required`. It recurses into set messages and
// repeated messages, and returns every violation as "<Message>.<field>: <rule>".

import { getExtension, hasExtension, isFieldSet } from "@bufbuild/protobuf";
import { StringRulesSchema, rules as validateRules } from "@zitadel/proto/validate/validate_pb.js";

export function validationErrors(schema, message) {
  const errors = [];
  for (const field of schema.fields) {
    const options = field.proto.options;
    const rules = options && hasExtension(options, validateRules) ? getExtension(options, validateRules) : undefined;
    const path = `${schema.typeName}.${field.name}`;
    const isSet = isFieldSet(message, field);

    if (rules?.message?.required && !isSet) {
      errors.push(`${path}: value is required`);
    }
    if (rules?.type?.case === "string" && field.fieldKind === "scalar") {
      errors.push(...stringErrors(path, message[field.localName], rules.type.value));
    }
    if (field.fieldKind === "message" && isSet) {
      errors.push(...validationErrors(field.message, message[field.localName]));
    }
    if (field.fieldKind === "list" && field.listKind === "message") {
      for (const item of message[field.localName]) {
        errors.push(...validationErrors(field.message, item));
      }
    }
  }
  return errors;
}

// validate.proto is proto2, so an absent rule reads as 0 or "": only rules that are set
// apply.
function stringErrors(path, value, rules) {
  const errors = [];
  const codePoints = [...value].length;
  const isSet = (name) => isFieldSet(rules, StringRulesSchema.field[name]);
  if (isSet("minLen") && codePoints < Number(rules.minLen)) {
    errors.push(`${path}: length ${codePoints} is below min_len ${rules.minLen}`);
  }
  if (isSet("maxLen") && codePoints > Number(rules.maxLen)) {
    errors.push(`${path}: length ${codePoints} is above max_len ${rules.maxLen}`);
  }
  if (isSet("prefix") && !value.startsWith(rules.prefix)) {
    errors.push(`${path}: value does not start with ${JSON.stringify(rules.prefix)}`);
  }
  if (rules.wellKnown?.case === "email" && rules.wellKnown.value && !isPgvEmail(value)) {
    errors.push(`${path}: value is not an email address as PGV accepts it`);
  }
  return errors;
}

// Approximates PGV's generated Go check: net/mail.ParseAddress must succeed without a
// display name, the local part must fit 64 bytes and the domain must be a valid hostname.
// Quoted local parts, which Go also accepts, are treated as invalid here.
export function isPgvEmail(value) {
  if (/[<>,;\s"()]/.test(value)) {
    return false;
  }
  const at = value.lastIndexOf("@");
  if (at <= 0) {
    return false;
  }
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).replace(/\.$/, "");
  const localIsDotAtom = !local.startsWith(".") && !local.endsWith(".") && !local.includes("..");
  if (!localIsDotAtom || new TextEncoder().encode(local).length > 64) {
    return false;
  }
  if (domain.length === 0 || domain.length > 253) {
    return false;
  }
  return domain.split(".").every((label) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label));
}
