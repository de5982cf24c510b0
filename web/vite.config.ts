import { defineConfig } from "vite";

// The C++ server listens on 127.0.0.1:8080 during development.
const backend = "http://127.0.0.1:8080";

export default defineConfig({
  build: {
    outDir: "dist",
    assetsDir: "assets", // hashed file names (Vite default)
    emptyOutDir: true,
    sourcemap: false,
    target: "es2020",
  },
  server: {
    proxy: {
      "/api": { target: backend, changeOrigin: false },
      "/healthz": { target: backend, changeOrigin: false },
    },
  },
});
