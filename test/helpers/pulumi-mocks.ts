// Pulumi unit-test harness: mocks first, then the program. Every created
// resource is recorded with its inputs; invokes are refused so the program
// cannot quietly depend on a lookup the tests never see.
import * as pulumi from "@pulumi/pulumi";
import { getMonitor } from "@pulumi/pulumi/runtime/settings";

export interface Created {
    type: string;
    name: string;
    inputs: Record<string, any>;
    /** Logical names of the resources this one waits for (dependsOn and the resources its inputs come from). */
    dependsOn: string[];
    stack: string;
}

export const created: Created[] = [];

export const TEST_API_KEY = "0123456789abcdef-test-key-not-real";

export function installMocks(config: Record<string, string>, stack = "test"): void {
    // Dependencies travel in the registration request, which the mocks' newResource never sees.
    const dependencies = new Map<string, string[]>();
    pulumi.runtime.setMocks({
        newResource(args: pulumi.runtime.MockResourceArgs) {
            created.push({ type: args.type, name: args.name, inputs: args.inputs, dependsOn: dependencies.get(`${args.type}::${args.name}`) ?? [], stack });
            // Mocks do no auto-naming: give every resource a name and ARN so references resolve.
            const name = args.inputs.name ?? `${args.name}-physical`;
            const arn = `arn:aws:mock:${args.type}:${name}`;
            return { id: args.inputs.bucketPrefix ? `${args.inputs.bucketPrefix}abc123` : `${name}-id`, state: { ...args.inputs, name, arn } };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            throw new Error(`unexpected invoke ${args.token}`);
        },
    }, "football-data-lake", stack, false);
    const monitor = getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: unknown) => {
        // urn:pulumi:<stack>::<project>::<parent type$>type::name, kept as "type::name".
        dependencies.set(`${req.getType()}::${req.getName()}`, req.getDependenciesList().map((urn: string) => {
            const [, , type, name] = urn.split("::");
            return `${type.split("$").pop()}::${name}`;
        }));
        return register(req, callback);
    };
    pulumi.runtime.setAllConfig(
        Object.fromEntries(Object.entries(config).map(([k, v]) => [`football-data-lake:${k}`, v])),
        ["football-data-lake:apiKey"],
    );
}

export function valueOf<T>(output: pulumi.Output<T> | T): Promise<T> {
    return new Promise((resolve) => pulumi.output(output).apply((v) => { resolve(v as T); return v; }));
}

export async function waitFor(type: string, name?: string, timeoutMs = 20_000): Promise<Created> {
    const start = Date.now();
    for (;;) {
        const found = created.find((r) => r.type === type && (name === undefined || r.name === name));
        if (found) return found;
        if (Date.now() - start > timeoutMs) throw new Error(`resource ${type} ${name ?? ""} was never created`);
        await new Promise((r) => setTimeout(r, 20));
    }
}

/** The one resource of this type with this logical name. */
export function named(type: string, name: string): Created {
    const matches = created.filter((r) => r.type === type && r.name === name && r.stack === "test");
    if (matches.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${matches.length}`);
    return matches[0];
}

export function only(type: string): Created {
    const matches = created.filter((r) => r.type === type);
    if (matches.length !== 1) throw new Error(`expected one ${type}, found ${matches.length}`);
    return matches[0];
}
