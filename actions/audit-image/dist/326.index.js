export const id = 326;
export const ids = [326];
export const modules = {

/***/ 4326:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runArchiveWorker: () => (/* binding */ runArchiveWorker)
/* harmony export */ });
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5919);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_worker_threads__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _keyturn_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4452);
/* harmony import */ var _read_reader_thread__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2188);



/**
 * The reader worker: decompresses and walks the archive, hands file windows
 * to the scan workers through the ring, and posts back what it learned (or
 * the error, with an InputError's parts kept so the user is told which
 * input to change).
 */
async function runArchiveWorker({ path, options, channels }) {
    let outcome;
    try {
        outcome = { read: await (0,_read_reader_thread__WEBPACK_IMPORTED_MODULE_2__/* .readArchiveHere */ .B)(path, options, channels) };
    }
    catch (error) {
        outcome =
            error instanceof _keyturn_core__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz
                ? { inputError: { input: error.input, problem: error.problem, fix: error.fix } }
                : {
                    failure: {
                        message: (0,_keyturn_core__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error),
                        stack: error instanceof Error ? error.stack : undefined,
                        ours: error instanceof _keyturn_core__WEBPACK_IMPORTED_MODULE_1__/* .KeyturnError */ .FB,
                    },
                };
    }
    node_worker_threads__WEBPACK_IMPORTED_MODULE_0__.parentPort?.postMessage(outcome);
}


/***/ })

};
