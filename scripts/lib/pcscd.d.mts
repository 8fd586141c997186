export declare const PCSCD_SOCKET: string;
export declare const VPCD_PORT: number;
export declare function pcscdRunning(): Promise<boolean>;
export interface PcscdHandle {
  pid: number | undefined;
  stop(signal?: NodeJS.Signals): Promise<void>;
}
export declare function startPcscd(options?: {
  args?: string[];
  log?: 'ignore' | 'inherit';
  timeoutMs?: number;
}): Promise<PcscdHandle>;
