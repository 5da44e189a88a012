export const id = 431;
export const ids = [431];
export const modules = {

/***/ 5431:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runScanWorker: () => (/* binding */ runScanWorker)
/* harmony export */ });
/* harmony import */ var _scan_rules_ruleset__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2547);
/* harmony import */ var _scan_scan_pool__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6638);


/**
 * A scan worker: builds the scanner once, then scans batches of windows
 * forever. A window is not sent: its place in the shared ring is, and the
 * worker reads the bytes where the reader put them.
 */
function runScanWorker(data) {
    const scanner = (0,_scan_rules_ruleset__WEBPACK_IMPORTED_MODULE_0__/* .scannerFor */ .M)(data.rulesToml, data.allowlist);
    data.port.on('message', (batch) => {
        const results = (0,_scan_scan_pool__WEBPACK_IMPORTED_MODULE_1__/* .scanBatch */ .Ab)(scanner, data.ring, batch);
        data.port.postMessage(results, [results.ids.buffer, results.newlines.buffer]);
    });
}


/***/ })

};
