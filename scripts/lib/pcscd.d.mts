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
  /** Variables added to pcscd's environment (on top of this process's), e.g. LD_PRELOAD. */
  env?: Record<string, string>;
}): Promise<PcscdHandle>;
