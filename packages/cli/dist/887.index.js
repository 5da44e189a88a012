export const id = 887;
export const ids = [887];
export const modules = {

/***/ 1887:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ISSUERS: () => (/* binding */ ISSUERS)
/* harmony export */ });
/* harmony import */ var _issuers_registry__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1694);

/**
 * The registered issuer kinds (./issuers/registry, one module each). The
 * manifest schema (docs/rotation.schema.json) knows the fields of postgres,
 * aws-iam and github-pat; the code refuses a kind that is not registered
 * with "not supported yet".
 */
const ISSUERS = _issuers_registry__WEBPACK_IMPORTED_MODULE_0__/* .ISSUER_MODULES */ .YR;


/***/ })

};
