export declare function writeStamp(root: string, stampFile: string, step: { inputs: string[]; outputs: string[] }): void;
export declare function staleReason(root: string, stampFile: string, options?: { inputs?: string[] }): string | null;
export declare function stampOutputs(root: string, stampFile: string): string[];
export declare function filesUnder(dir: string): string[];
export declare function compiledFiles(outDir: string, parts: string[]): string[];
export declare function pruneOrphans(root: string, outDir: string, parts: string[]): string[];
