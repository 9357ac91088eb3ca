/** The content-hashed chat bundle's file name, injected by build.mjs (esbuild `define`). */
declare const NEODESK_CHAT_FILE: string;
/** The widget's version (package.json), injected by build.mjs. */
declare const NEODESK_VERSION: string;
/** The content-hashed file of each locale's chat strings but English (which is in the chat bundle), from build.mjs. */
declare const NEODESK_STRINGS_FILES: Record<string, string>;
