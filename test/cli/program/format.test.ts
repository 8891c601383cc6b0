import * as assert from "assert";

import type { RegisteredResource } from "../../../cli/program/capture";
import { formatResourcesJson, formatResourcesText } from "../../../cli/program/format";

const GOV_URN = "urn:pulumi:dev::mock-program::pulumi:pulumi:Stack$mockprog:index:Governance::gov";

const resources: RegisteredResource[] = [
    { type: "mockprog:index:Governance", name: "gov", custom: false, urn: GOV_URN, inputs: {} },
    {
        type: "azure-native:authorization:PolicyAssignment",
        name: "gov-assignment",
        custom: true,
        parent: GOV_URN,
        urn: `${GOV_URN}-x`,
        // Deliberately unsorted, with nesting, to check stable ordering.
        inputs: {
            scope: "/subscriptions/s",
            metadata: { z: 1, a: [{ y: true, b: null }] },
            displayName: "A very long display name that must stay on one line even though it is well over eighty characters long",
        },
    },
    { type: "azure-native:authorization:PolicyDefinition", name: "existing", custom: true, urn: "u", readId: "/subscriptions/s/x", inputs: {} },
];

describe("cli/program/format", () => {
    it("formats text blocks with type, name, parent and YAML inputs, without colour", () => {
        assert.strictEqual(
            formatResourcesText(resources, { color: false }),
            [
                "mockprog:index:Governance gov",
                "  inputs: {}",
                "",
                "azure-native:authorization:PolicyAssignment gov-assignment",
                "  parent: mockprog:index:Governance gov",
                "  inputs:",
                "    displayName: A very long display name that must stay on one line even though it is well over eighty characters long",
                "    metadata:",
                "      a:",
                "        - b: null",
                "          y: true",
                "      z: 1",
                "    scope: /subscriptions/s",
                "",
                "azure-native:authorization:PolicyDefinition existing",
                "  read: /subscriptions/s/x",
                "  inputs: {}",
                "",
            ].join("\n"),
        );
    });

    it("adds ANSI colour only when asked", () => {
        const plain = formatResourcesText(resources, { color: false });
        const coloured = formatResourcesText(resources, { color: true });
        assert.ok(!plain.includes("\u001b["));
        assert.ok(coloured.includes("\u001b[1m\u001b[36mmockprog:index:Governance\u001b[0m"));
        // eslint-disable-next-line no-control-regex -- ANSI escape codes are what is being stripped
        assert.strictEqual(coloured.replace(/\u001b\[\d+m/g, ""), plain);
    });

    it("says so when nothing was registered", () => {
        assert.strictEqual(formatResourcesText([], { color: false }), "No resources registered.\n");
    });

    it("formats JSON as exactly {resources:[{type,name,inputs}]} with sorted keys and a trailing newline", () => {
        const json = formatResourcesJson(resources.slice(0, 2));
        assert.strictEqual(
            json,
            `{
  "resources": [
    {
      "type": "mockprog:index:Governance",
      "name": "gov",
      "inputs": {}
    },
    {
      "type": "azure-native:authorization:PolicyAssignment",
      "name": "gov-assignment",
      "inputs": {
        "displayName": "A very long display name that must stay on one line even though it is well over eighty characters long",
        "metadata": {
          "a": [
            {
              "b": null,
              "y": true
            }
          ],
          "z": 1
        },
        "scope": "/subscriptions/s"
      }
    }
  ]
}
`,
        );
        assert.deepStrictEqual(JSON.parse(formatResourcesJson([])), { resources: [] });
    });
});
