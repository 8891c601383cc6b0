/**
 * Recording registrations at the mock monitor. `Mocks.newResource` sees type, name and inputs but not the
 * parent, so the recorder wraps the `MockMonitor` instance that `setMocks` installed: each
 * `registerResource` / `readResource` request is recorded as it arrives (registration order), with its
 * parent URN and its inputs converted from the wire format to plain, key-sorted JSON.
 *
 * @packageDocumentation
 */
import type { MockMonitorLike, MonitorCallback, StructLike, WireSignatures } from "./pulumi-internals";

/** One resource the program registered (or looked up), in the order the engine would have seen it. */
export interface RegisteredResource {
    /** Type token, e.g. `azure-native:authorization:PolicyAssignment`. */
    type: string;
    /** Logical name. */
    name: string;
    /** `true` for provider-backed resources, `false` for components. */
    custom: boolean;
    /** Parent URN; absent for resources whose parent is the root `pulumi:pulumi:Stack`. */
    parent?: string;
    /** URN the mock monitor assigned (what the program sees as `resource.urn`). */
    urn: string;
    /** Plain JSON inputs with keys sorted; secrets and unknowns shown as placeholders (see `showSecrets`). */
    inputs: Record<string, unknown>;
    /** Set when the program looked up an existing resource (`X.get(name, id)`): read, not created. */
    readId?: string;
    /**
     * What a component passed to `registerOutputs` (plain JSON, like `inputs`): how a program that
     * exports nothing still tells `render` its component's effective config.
     */
    outputs?: Record<string, unknown>;
}

/** Shown instead of a secret input value unless secrets are requested (as `pulumi preview` does). */
export const SECRET_PLACEHOLDER = "[secret]";
/** Shown for values unknown during preview. */
export const UNKNOWN_PLACEHOLDER = "[unknown]";

/** Options for {@link RegistrationRecorder}. */
export interface RecorderOptions {
    /** Type token of the root stack resource; it is not recorded, and its children get no `parent`. */
    readonly rootStackType: string;
    readonly wire: WireSignatures;
    /** Show secret values instead of {@link SECRET_PLACEHOLDER}. */
    readonly showSecrets: boolean;
    /**
     * Whether the request being made was started by this run's program (checked in the caller's async
     * context). Code left running by an earlier program (an `unref()`'d timer, say) can construct a
     * resource while this run is active; it would even get this run's stack as default parent, so only
     * the async context tells the two apart.
     */
    readonly ownsRequest: () => boolean;
}

/** Collects registrations from an instrumented mock monitor. */
export class RegistrationRecorder {
    /** Recorded resources, in arrival order. */
    public readonly resources: RegisteredResource[] = [];
    /** Number of this run's monitor requests (including the root stack); used to detect late registrations. */
    public requestCount = 0;
    /** Requests from code of an earlier run: passed to the mocks but not recorded. */
    public strayCount = 0;
    private rootUrn: string | undefined;
    private closed = false;

    constructor(private readonly options: RecorderOptions) {}

    /**
     * Wraps `registerResource` and `readResource` on this monitor instance. The instance is created by
     * each `setMocks` call, so the wrapping never leaks into a later run.
     */
    public instrument(monitor: MockMonitorLike): void {
        const register = monitor.registerResource.bind(monitor);
        const read = monitor.readResource.bind(monitor);
        const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
        monitor.registerResourceOutputs = (req, callback) => {
            const entry = this.accepts() ? this.resources.find((r) => r.urn !== "" && r.urn === req.getUrn()) : undefined;
            if (entry !== undefined && !entry.custom) {
                entry.outputs = toPlainObject(req.getOutputs()?.toJavaScript() ?? {}, this.options);
            }
            return registerOutputs(req, callback);
        };
        monitor.registerResource = (req, callback) => {
            if (!this.accepts()) {
                return register(req, callback);
            }
            if (req.getType() === this.options.rootStackType && req.getParent() === "") {
                return register(req, this.captureRootUrn(callback)); // scaffolding, not declared by the program
            }
            const entry = this.record(req.getType(), req.getName(), req.getCustom(), req.getParent(), req.getObject());
            return register(req, this.captureUrn(entry, callback));
        };
        monitor.readResource = (req, callback) => {
            if (!this.accepts()) {
                return read(req, callback);
            }
            const entry = this.record(req.getType(), req.getName(), true, req.getParent(), req.getProperties());
            entry.readId = req.getId();
            return read(req, this.captureUrn(entry, callback));
        };
    }

    /** Stops recording: the result has been handed out, so stray late requests must not change it. */
    public close(): void {
        this.closed = true;
    }

    private accepts(): boolean {
        if (this.closed) {
            return false;
        }
        if (!this.options.ownsRequest()) {
            this.strayCount++;
            return false;
        }
        this.requestCount++;
        return true;
    }

    private record(type: string, name: string, custom: boolean, parent: string, props: StructLike | undefined): RegisteredResource {
        const entry: RegisteredResource = {
            type,
            name,
            custom,
            urn: "",
            inputs: toPlainObject(props?.toJavaScript() ?? {}, this.options),
        };
        if (parent !== "" && parent !== this.rootUrn) {
            entry.parent = parent;
        }
        this.resources.push(entry);
        return entry;
    }

    private captureUrn(entry: RegisteredResource, callback: MonitorCallback): MonitorCallback {
        return (err, response) => {
            if (err === null || err === undefined) {
                entry.urn = response?.getUrn() ?? "";
            }
            callback(err, response);
        };
    }

    private captureRootUrn(callback: MonitorCallback): MonitorCallback {
        return (err, response) => {
            if (err === null || err === undefined) {
                // Children cannot be sent before their parent's URN is known, so every later request
                // naming this URN as parent is a top-level resource.
                this.rootUrn = response?.getUrn();
            }
            callback(err, response);
        };
    }
}

/** Converts a serialized property map (wire format, from `Struct.toJavaScript()`) to plain sorted JSON. */
export function toPlainObject(serialized: Record<string, unknown>, options: Pick<RecorderOptions, "wire" | "showSecrets">): Record<string, unknown> {
    const plain = toPlain(serialized, options);
    return isRecord(plain) ? plain : {};
}

function toPlain(value: unknown, options: Pick<RecorderOptions, "wire" | "showSecrets">): unknown {
    const { wire } = options;
    if (value === wire.unknown) {
        return UNKNOWN_PLACEHOLDER;
    }
    if (Array.isArray(value)) {
        return value.map((v) => toPlain(v, options));
    }
    if (!isRecord(value)) {
        return value;
    }
    const sig = value[wire.sigKey];
    if (sig === wire.secret) {
        return options.showSecrets ? toPlain(value["value"], options) : SECRET_PLACEHOLDER;
    }
    if (sig === wire.resource) {
        // A resource passed as an input: show the reference the engine would store.
        return value["urn"];
    }
    if (sig === wire.outputValue) {
        if (value["secret"] === true && !options.showSecrets) {
            return SECRET_PLACEHOLDER;
        }
        return "value" in value ? toPlain(value["value"], options) : UNKNOWN_PLACEHOLDER;
    }
    if (sig === wire.asset || sig === wire.archive) {
        const kind = sig === wire.asset ? "asset" : "archive";
        const rest = Object.fromEntries(Object.entries(value).filter(([k]) => k !== wire.sigKey));
        return { [kind]: toPlain(rest, options) };
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
        out[key] = toPlain(value[key], options);
    }
    return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
