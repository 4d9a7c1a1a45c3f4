// Maps the schema names used in the fixture files to ZITADEL's generated schemas.

import * as management from "@zitadel/proto/zitadel/management_pb.js";
import { ErrorDetailSchema } from "@zitadel/proto/zitadel/message_pb.js";

const all = [
  management.ImportHumanUserRequestSchema,
  management.ImportHumanUserResponseSchema,
  management.AddPasswordlessRegistrationResponseSchema,
  management.SendPasswordlessRegistrationRequestSchema,
  management.SendPasswordlessRegistrationResponseSchema,
  management.GetPasswordComplexityPolicyResponseSchema,
  management.GetUserByIDResponseSchema,
  management.GetUserByLoginNameGlobalResponseSchema,
  ErrorDetailSchema,
];

export const schemas = new Map(all.map((schema) => [schema.typeName, schema]));

export function schemaNamed(typeName) {
  const schema = schemas.get(typeName);
  if (!schema) {
    throw new Error(`no schema named ${typeName}; known: ${[...schemas.keys()].join(", ")}`);
  }
  return schema;
}
