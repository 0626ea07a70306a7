// A static single-page app: every route renders in the browser, nothing on a server.
export const ssr = false;
export const prerender = false;
