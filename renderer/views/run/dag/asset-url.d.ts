/** Vite's `?url` imports: the emitted file's URL (the ELK worker script). */
declare module '*?url' {
  const url: string;
  export default url;
}
