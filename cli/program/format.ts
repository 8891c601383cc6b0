/**
 * Rendering captured resources for people (text) and for tools (JSON).
 *
 * @packageDocumentation
 */
import * as YAML from "yaml";

import type { RegisteredResource } from "./capture";

/** Options for {@link formatResourcesText}. */
export interface TextFormatOptions {
    /** Emit ANSI colour codes (only when writing to a terminal that wants them). */
    readonly color: boolean;
    /**
     * Folding: for a resource, the input keys to show (the others are named on one `folded:` line), or
     * `undefined` to show every input. Default: show everything.
     */
    readonly shownInputs?: (r: RegisteredResource) => readonly string[] | undefined;
    /** Appended to each `folded:` line, e.g. how to see the folded inputs. */
    readonly foldNote?: string;
}

const ANSI = {
    bold: "\u001b[1m",
    cyan: "\u001b[36m",
    dim: "\u001b[2m",
    reset: "\u001b[0m",
} as const;

/**
 * One block per resource: `<type> <name>`, then `parent:` (type and name taken from the parent URN),
 * `read:` for looked-up resources, and `inputs:` as indented YAML. Blocks are separated by a blank line;
 * the text ends with a newline.
 */
export function formatResourcesText(resources: readonly RegisteredResource[], options: TextFormatOptions): string {
    const paint = (codes: string, text: string): string => (options.color ? `${codes}${text}${ANSI.reset}` : text);
    if (resources.length === 0) {
        return "No resources registered.\n";
    }
    const blocks = resources.map((r) => {
        const lines = [`${paint(ANSI.bold + ANSI.cyan, r.type)} ${paint(ANSI.bold, r.name)}`];
        if (r.parent !== undefined) {
            lines.push(`  ${paint(ANSI.dim, "parent:")} ${describeUrn(r.parent)}`);
        }
        if (r.readId !== undefined) {
            lines.push(`  ${paint(ANSI.dim, "read:")} ${r.readId}`);
        }
        const all = sortKeysDeep(r.inputs) as Record<string, unknown>;
        const shown = options.shownInputs?.(r);
        const inputs = shown === undefined ? all : Object.fromEntries(Object.entries(all).filter(([k]) => shown.includes(k)));
        const folded = Object.keys(all).filter((k) => !(k in inputs));
        if (Object.keys(inputs).length === 0) {
            lines.push(`  ${paint(ANSI.dim, "inputs:")} {}`);
        } else {
            lines.push(`  ${paint(ANSI.dim, "inputs:")}`);
            // lineWidth 0: never fold long strings (policy rules, ARM ids) across lines.
            const yaml = YAML.stringify(inputs, { indent: 2, lineWidth: 0, minContentWidth: 0 }).trimEnd();
            lines.push(...yaml.split("\n").map((line) => `    ${line}`));
        }
        if (folded.length > 0) {
            lines.push(`  ${paint(ANSI.dim, "folded:")} ${folded.join(", ")}${options.foldNote === undefined ? "" : ` (${options.foldNote})`}`);
        }
        return lines.join("\n");
    });
    return `${blocks.join("\n\n")}\n`;
}

/**
 * Exactly `{"resources":[{"type":…,"name":…,"inputs":{…}}]}`: those three keys in that order, input keys
 * sorted recursively, 2-space indent, trailing newline, so output is byte-stable for diffs and snapshots.
 */
export function formatResourcesJson(resources: readonly RegisteredResource[]): string {
    const body = {
        resources: resources.map((r) => ({ type: r.type, name: r.name, inputs: sortKeysDeep(r.inputs) })),
    };
    return `${JSON.stringify(body, null, 2)}\n`;
}

/** `urn:pulumi:stack::project::a$b::name` → `b name`; anything else is returned unchanged. */
function describeUrn(urn: string): string {
    const parts = urn.split("::");
    if (!urn.startsWith("urn:pulumi:") || parts.length < 4) {
        return urn;
    }
    const type = (parts[2] ?? "").split("$").pop() ?? "";
    return `${type} ${parts.slice(3).join("::")}`;
}

function sortKeysDeep(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortKeysDeep);
    }
    if (typeof value === "object" && value !== null) {
        const record = value as Record<string, unknown>;
        return Object.fromEntries(
            Object.keys(record)
                .sort()
                .map((k) => [k, sortKeysDeep(record[k])]),
        );
    }
    return value;
}
