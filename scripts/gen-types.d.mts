// Types of scripts/gen-types.mjs, for the staleness test.
export declare const GENERATED: { readonly types: string; readonly validator: string };
export declare function generateTypes(): Promise<string>;
export declare function generateValidatorModule(): Promise<string>;
