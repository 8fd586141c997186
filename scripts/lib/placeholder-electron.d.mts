export declare function writePlaceholderElectron(dir: string): string;
