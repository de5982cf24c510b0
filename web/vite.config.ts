import { defineConfig } from "vite";

// The C++ server listens on 127.0.0.1:8080 during development (TIENBO_BACKEND overrides).
const backend = process.env.TIENBO_BACKEND ?? "http://127.0.0.1:8080";

export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    assetsDir: "assets", // hashed file names (Vite default)
    emptyOutDir: true,
    sourcemap: false,
    target: "es2020",
    // ECharts lives in the lazily loaded dashboard chunk; it is large but never initial.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      "/api": { target: backend, changeOrigin: false },
      "/healthz": { target: backend, changeOrigin: false },
    },
  },
});
