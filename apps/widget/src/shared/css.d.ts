// build.mjs loads .css files as minified text, applied through constructable stylesheets.
declare module '*.css' {
  const css: string;
  export default css;
}
