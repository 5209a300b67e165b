// src/app/main.js
import * as C from "./oylama-crypto.js";
export {
  C
};
