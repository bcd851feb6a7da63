// Stands in for zod's table of every locale inside the bundle (scripts/build.mjs
// points zod's `../locales/index.js` here): zod exposes all forty as
// `z.locales`, which keeps them in the bundle, and loading them was about half
// of zod's code. homenova's messages are zod's English, its default.
export { default as en } from 'zod/v4/locales/en.js'
