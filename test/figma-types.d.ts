// Figma's type declarations without its globals (index.d.ts would redeclare console and fetch,
// clashing with DOM). Tests reach `figma` only through the typed fake they pass in.
/// <reference path="../node_modules/@figma/plugin-typings/plugin-api.d.ts" />
