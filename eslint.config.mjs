// ESLint flat config: typescript-eslint's type-checked recommended rules, plus a few that catch real
// bugs in this code base (floating promises, misused promises, unsafe comparisons, switch
// exhaustiveness). Type information comes from tsconfig.json (and tools/tsconfig.policypack.json for
// the pack entry) through the project service. `npm run lint`; formatting is Prettier's job
// (`npm run format:check`), so no stylistic rules here.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "policypack/bin/**",
      "policypack/node_modules/**",
      ".tmp/**",
      "**/*.tgz",
      // Plain JavaScript on purpose: programs and packs the tests load as they are.
      "test/fixtures/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: {
      reportUnusedDisableDirectives: "warn",
    },
    rules: {
      // Real bugs: a promise nobody awaits, a promise where a boolean or void is expected.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      "@typescript-eslint/prefer-promise-reject-errors": "error",
      "@typescript-eslint/only-throw-error": "error",
      eqeqeq: ["error", "always"],
      "no-console": "error",
      // `_`-prefixed parameters and destructured leftovers are deliberate.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      // The code reads untyped JSON (configs, stack exports, ARM templates, Pulumi inputs) on
      // purpose, narrowing with typeof checks; these rules flag every such read.
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      // Template literals with numbers and booleans are fine in messages.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true, allowNullish: true }],
    },
  },
  {
    // The pack entry is outside tsconfig.json (it is bundled, not compiled to dist/).
    files: ["policypack/index.ts"],
    languageOptions: {
      parserOptions: { projectService: false, project: "tools/tsconfig.policypack.json", tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // Tests read JSON (schemas, stack exports, gRPC payloads) loosely typed.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    // Benchmarks print their figures. (Everything else writes through the CLI's Io or pulumi.log;
    // a test that prints says so with an eslint-disable comment.)
    files: ["bench/**/*.ts"],
    rules: {
      "no-console": "off",
    },
  },
  {
    // JavaScript config files (this one): no type information.
    files: ["**/*.mjs", "**/*.cjs", "**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
);
