// ESLint for web/ (issue #13, item 7), run by the test command through `npm run lint` with no
// warning allowed: the recommended JavaScript and TypeScript rules and the rules of hooks. A
// deliberate exception is a disable comment on its line that says why.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "src/api/schema.gen.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { rules: { "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }] } },
  {
    // A feature uses lib/ and its own folder; of another feature only the report's model and the
    // completeness model, which consolidation is built on (docs/architecture.md, "web/").
    files: ["src/features/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./(?!report/report-model$|completeness/completeness-shared$)[^./][^/]*/",
              message: "Import shared code from lib/, not from another feature's folder.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  },
  {
    files: ["tests/**/*.mjs", "scripts/**/*.mjs", "*.js"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        document: "readonly",
        location: "readonly",
        window: "readonly",
        fetch: "readonly",
        getComputedStyle: "readonly",
        setTimeout: "readonly",
        globalThis: "readonly",
      },
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: {
      globals: {
        window: "readonly",
        document: "readonly",
        location: "readonly",
        console: "readonly",
        fetch: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        URL: "readonly",
        Blob: "readonly",
        ResizeObserver: "readonly",
        localStorage: "readonly",
        HTMLElement: "readonly",
        HTMLInputElement: "readonly",
        HTMLDialogElement: "readonly",
        HTMLDivElement: "readonly",
        Event: "readonly",
        RequestInit: "readonly",
        Response: "readonly",
        Intl: "readonly",
        navigator: "readonly",
        history: "readonly",
        requestAnimationFrame: "readonly",
      },
    },
  },
);
