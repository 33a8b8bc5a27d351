import { fileURLToPath, URL } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";

// `npm run dev` serves the SPA on :5173 and proxies the API to a running local runner
// (`AEGIS_URL`, default http://127.0.0.1:8000, the port `make dev` uses).
const api = process.env.AEGIS_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  server: { proxy: { "/api": { target: api, changeOrigin: false }, "/health": api, "/docs": api } },
  build: {
    reportCompressedSize: false,
    // The manifest lets scripts/bundle-size.mjs measure exactly what each screen loads.
    manifest: true,
    sourcemap: false,
  },
});
