/** How to install Chromium, or point CHROMIUM_PATH at it. */
export declare const HOW_TO_GET_CHROMIUM: string;
/** The Chromium executable to launch. Example: `chromium.launch({ executablePath: findChromium() })` */
export declare function findChromium(env?: Record<string, string | undefined>): string;
/** The flags every suite launches Chromium with (headless, no sandbox, no network of its own). */
export declare const CHROMIUM_ARGS: string[];
