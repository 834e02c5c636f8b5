/**
 * The server address this build of the extension is for, set at build time (`WXT_SERVER_URL=https://inbox.example.com
 * npm run build`; `npm run up` sets it to the server it starts). The options page starts with it.
 * @default 'http://127.0.0.1:8787'
 */
export const BUILT_FOR_SERVER: string = (import.meta.env.WXT_SERVER_URL as string | undefined) || 'http://127.0.0.1:8787';
