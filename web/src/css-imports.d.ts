/** Stylesheets imported from code (Vite adds them as <link> files; nothing is exported). */
declare module '*.css'
