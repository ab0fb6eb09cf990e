// The live signals page the admin server serves at GET /: one self-contained HTML document
// (inline style and script, no external assets) that reads /signals/stream with EventSource.
// Its source is app/admin/signals_page.html, embedded at build time.
//
// Thread-safety: returns a view of a constant.
#ifndef TRIPLINE_APP_ADMIN_SIGNALS_PAGE_H_
#define TRIPLINE_APP_ADMIN_SIGNALS_PAGE_H_

#include <string_view>

namespace tripline {

std::string_view SignalsPageHtml();

}  // namespace tripline

#endif  // TRIPLINE_APP_ADMIN_SIGNALS_PAGE_H_
