/**
 * The servable CrossGuard pack `azure-ml-governance`. Constructing the pack starts the analyzer's
 * gRPC server, so this file does nothing else: the policies live in the package's `crossguard/`
 * (`azure-ml-governance/crossguard`), where tests and other packs import them.
 *
 * Built by `tools/bundle-policypack.mjs` into `bin/index.js` together with the policies and the
 * rules core, so the published pack depends on nothing but `@pulumi/policy` and `@pulumi/pulumi`.
 *
 * Config: `--policy-pack-config` / Pulumi Cloud, keyed by the policy name `azure-ml-model-governance`
 * (see README.md).
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_DESCRIPTION, PACK_NAME, packPolicies } from "../crossguard";

new PolicyPack(PACK_NAME, {
    displayName: "Azure ML model governance",
    description: PACK_DESCRIPTION,
    enforcementLevel: "mandatory",
    policies: packPolicies,
});
