/** Cookie names the dashboard reads on the server and writes in the browser. */
/** Session cookie (no expiry): the local-driver notices were dismissed for this browser session. */
export const BANNER_COOKIE = "afp_banners";
