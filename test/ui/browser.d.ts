import type { Browser, LaunchOptions, Page } from 'playwright-core';

export declare const ENSURE_SCRIPT: string;
export declare function ensureChromium(): string;
export declare function launchChromium(options?: LaunchOptions): Promise<Browser>;
export declare function signIn(page: Page, baseUrl: string, email: string, password: string, timeoutMs?: number): Promise<void>;
