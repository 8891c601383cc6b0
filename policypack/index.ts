/**
 * The servable CrossGuard pack `azure-ml-governance`. Constructing the pack starts the analyzer's
 * gRPC server, so this file does nothing else (beyond keeping `__proto__` keys on the wire): the policies live in the package
 * (`azure-ml-governance/crossguard`), where tests and other packs import them.
 *
 * Config: `--policy-pack-config` / Pulumi Cloud, keyed by the policy name `azure-ml-model-governance`
 * (see README.md).
 */
import { PolicyPack } from "@pulumi/policy";
import { keepProtoKeysOnTheWire, PACK_DESCRIPTION, PACK_NAME, packPolicies } from "azure-ml-governance/crossguard";

// Before the server starts: keep `__proto__` keys (languageVersion 2.0 symbolic names) when the
// SDK decodes a request (see crossguard/wire-keys.ts).
keepProtoKeysOnTheWire(require.resolve("@pulumi/policy"));

new PolicyPack(PACK_NAME, {
    displayName: "Azure ML model governance",
    description: PACK_DESCRIPTION,
    enforcementLevel: "mandatory",
    policies: packPolicies,
});
