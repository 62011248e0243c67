"""The text catalogue: every label the app, the narrative and the exports show, Vietnamese first,
English second. Pure Python so the command line and exports use the same words as the screen.

`t(key, lang, **values)` looks a label up and fills `{name}` slots; a missing key is a KeyError
(a test catches it) rather than a silently English or empty label.
"""
from __future__ import annotations

import functools
import re

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

# key -> (vi, en)
TEXT: dict[str, tuple[str, str]] = {
    # app shell
    "app.subtitle": (
        "Chuẩn bị họp Ban Chỉ đạo CCHC: PAR INDEX, SIPAS, PAPI, PCI",
        "Preparing the PAR steering committee meeting: PAR INDEX, SIPAS, PAPI, PCI",
    ),
    "page.overview": ("Tổng quan", "Overview"),
    "page.drilldown": ("Phân tích chỉ số thành phần", "Component analysis"),
    "page.agencies": ("Đơn vị chủ trì", "Lead agencies"),
    "page.compare": ("So sánh", "Compare"),
    "page.targets": ("Mục tiêu", "Targets"),
    "page.internal": ("Khối sở, huyện", "Departments and districts"),
    "page.data": ("Dữ liệu", "Data"),
    "page.about": ("Giới thiệu", "About"),
    "page.present": ("Trình chiếu", "Presentation"),
    "done.overview": ("Xong: tổng quan", "Done: overview"),
    "done.drilldown": ("Xong: phân tích", "Done: analysis"),
    "done.agencies": ("Xong: đơn vị chủ trì", "Done: lead agencies"),
    "done.compare": ("Xong: so sánh", "Done: compare"),
    "done.targets": ("Xong: mục tiêu", "Done: targets"),
    "done.internal": ("Xong: khối sở, huyện", "Done: departments and districts"),
    "done.data": ("Xong: dữ liệu", "Done: data"),
    "done.about": ("Xong: giới thiệu", "Done: about"),
    "done.present": ("Xong: trình chiếu", "Done: presentation"),
    "present.previous": ("Trước", "Previous"),
    "present.next": ("Tiếp", "Next"),
    "present.download": ("Tải bản trình chiếu (.pptx)", "Download the deck (.pptx)"),
    "present.download_html": ("Tải bản ngoại tuyến (.html, không cần mạng)", "Download the offline copy (.html, no network needed)"),
    "present.exit": ("Thoát trình chiếu", "Leave the presentation"),
    "present.position": ("Trang {n}/{total}", "Slide {n} of {total}"),
    # sidebar
    "side.language": ("Ngôn ngữ / Language", "Ngôn ngữ / Language"),
    "side.demo": ("Dữ liệu minh họa", "Demo data"),
    "side.demo_help": (
        "Bật để xem ứng dụng với dữ liệu tạo ngẫu nhiên, tách riêng khỏi dữ liệu thật.",
        "Switch on to explore the app with generated data, kept apart from real data.",
    ),
    "side.index": ("Chỉ số", "Index"),
    "side.year": ("Năm đánh giá", "Year assessed"),
    "side.unit": ("Tỉnh, thành phố", "Province"),
    "side.level": ("Cấp đơn vị", "Unit level"),
    "side.peer_mode": ("Nhóm so sánh", "Peer group"),
    "side.peers": ("Đơn vị so sánh", "Peers"),
    "side.top_n": ("Số tỉnh dẫn đầu", "Number of leaders"),
    "side.home_unknown": ("{env}={value} không khớp tỉnh nào có điểm: mở tỉnh đầu danh sách (xem trang Giới thiệu).",
                          "{env}={value} matches no province with a score: opening the first one (see the About page)."),
    "peer.region": ("Cùng vùng", "Same region"),
    "peer.neighbours": ("Tỉnh giáp ranh", "Neighbours"),
    "peer.top": ("Nhóm dẫn đầu", "Top N"),
    "peer.custom": ("Tự chọn", "Custom"),
    "level.department": ("Sở, ban, ngành", "Departments"),
    "level.district": ("Huyện, thị xã, thành phố", "Districts"),
    "level.commune": ("Xã, phường, thị trấn", "Communes"),
    "level.agency": ("Cơ quan", "Agencies"),
    "level.province": ("Tỉnh, thành phố", "Provinces"),
    # banners and empty states
    "demo.banner": ("Dữ liệu minh họa — không phải số liệu thật", "Demo data — not real figures"),
    "empty.no_data": (
        "Chưa có dữ liệu điểm số. Hãy tải tệp điểm (scores), tiêu chí (criteria) lên ở trang Dữ liệu, "
        "hoặc bật «Dữ liệu minh họa» ở thanh bên để xem thử.",
        "No scores loaded yet. Upload scores and criteria files on the Data page, or switch on "
        "«Demo data» in the sidebar to try the app.",
    ),
    "empty.no_score": (
        "{unit} chưa có điểm {index} năm {year}. Chọn năm hoặc tỉnh khác, hoặc tải điểm lên ở trang Dữ liệu.",
        "{unit} has no {index} score for {year}. Choose another year or province, or load the scores on the Data page.",
    ),
    "empty.no_tree": (
        "Chỉ số này chưa có cây tiêu chí hoặc điểm thành phần. Tải tệp tiêu chí (criteria) và điểm thành phần ở trang Dữ liệu.",
        "This index has no criteria tree or component scores. Load criteria and component scores on the Data page.",
    ),
    "empty.no_responsibility": (
        "Chưa có phân công đơn vị chủ trì cho tỉnh này. Tải tệp phân công (responsibilities) ở trang Dữ liệu.",
        "No lead agencies assigned for this province. Load a responsibilities file on the Data page.",
    ),
    "empty.no_target": (
        "Chưa có mục tiêu cho {index} năm {year}. Tải tệp mục tiêu (targets) ở trang Dữ liệu.",
        "No target for {index} {year}. Load a targets file on the Data page.",
    ),
    "empty.no_internal": (
        "Chưa có kết quả chỉ số nội bộ của sở, huyện. Tải tệp đơn vị (units), tiêu chí và điểm của chỉ số nội bộ (ví dụ PAR_SO) ở trang Dữ liệu.",
        "No internal index results yet. Load units, criteria and scores of an internal index (e.g. PAR_SO) on the Data page.",
    ),
    "empty.go_data": ("Mở trang Dữ liệu", "Open the Data page"),
    # problems of the surroundings (analysis/problems.py); the command line says them in English
    "problem.db_damaged": (
        "Tệp cơ sở dữ liệu {where} bị hỏng hoặc không phải cơ sở dữ liệu DuckDB. Chưa có gì bị thay đổi. "
        "Người quản trị: khôi phục tệp từ bản sao, hoặc chuyển tệp sang chỗ khác rồi chạy "
        "`python -m analysis build` để dựng lại từ dữ liệu đi kèm và các tệp đã nhập được lưu lại.",
        "The database file {where} is damaged or is not a DuckDB database. Nothing was changed. "
        "Restore it from a copy, or move it away and run `python -m analysis build` to rebuild it "
        "from the bundled data and the archived imports."),
    "problem.db_schema": (
        "Tệp cơ sở dữ liệu {where} thiếu bảng hoặc cột mà ứng dụng cần (thiếu: {missing}): tệp đã bị sửa tay "
        "hoặc do phiên bản khác tạo ra. Chưa có gì bị thay đổi. Người quản trị: khôi phục tệp từ bản sao, "
        "hoặc chuyển tệp sang chỗ khác rồi chạy `python -m analysis build`.",
        "The database file {where} lacks tables or columns the dashboard needs (missing: {missing}): it "
        "was edited by hand or made by another version. Nothing was changed. Restore it from a copy, or "
        "move it away and run `python -m analysis build`."),
    "problem.disk_full": (
        "Ổ đĩa đã đầy: không ghi được {where}. Chưa có gì bị thay đổi; hãy giải phóng dung lượng rồi thử lại.",
        "The disk is full: {where} could not be written. Nothing was changed; free some space and try again."),
    "problem.read_only": (
        "Không ghi được vào thư mục {where}: thư mục chỉ đọc hoặc tài khoản chạy ứng dụng không có quyền ghi. "
        "Chưa có gì bị thay đổi.",
        "Cannot write in {where}: the folder is read-only or this user may not write there. Nothing was changed."),
    "problem.no_access": (
        "Tài khoản chạy ứng dụng không được phép đọc tệp {where}. Người quản trị: cấp quyền đọc cho tệp.",
        "This user may not read the file {where}. Give it read permission."),
    "problem.no_folder": (
        "Thư mục {where} không tồn tại: hãy tạo thư mục trước, hoặc chọn nơi lưu khác.",
        "The folder {where} does not exist: create it first, or choose another -o."),
    "problem.db_locked": (
        "Tệp cơ sở dữ liệu {where} đang bị một chương trình khác giữ; hãy thử lại khi chương trình đó xong việc.",
        "The database file {where} is held by another program; try again when it has finished."),
    # overview
    "ov.headline": ("Kết quả {year}", "Results {year}"),
    "ov.score": ("Điểm", "Score"),
    "ov.rank": ("Xếp hạng", "Rank"),
    "ov.rank_published": ("hạng công bố", "published rank"),
    "ov.rank_computed": ("hạng tính từ điểm", "rank computed from scores"),
    "ov.delta_points": ("{delta} điểm so với {year}", "{delta} points vs {year}"),
    "ov.delta_places_up": ("tăng {n} bậc", "up {n} places"),
    "ov.delta_places_down": ("giảm {n} bậc", "down {n} places"),
    "ov.delta_places_same": ("giữ nguyên thứ hạng", "same rank"),
    "ov.band": ("Nhóm", "Band"),
    "ov.target_met": ("Đạt mục tiêu: {target}", "Target met: {target}"),
    "ov.target_gap": ("Còn thiếu {gap} so với mục tiêu {target}", "{gap} short of target {target}"),
    "ov.target_none": ("Chưa đặt mục tiêu", "No target set"),
    "ov.no_previous": ("Chưa có năm trước để so sánh", "No earlier year to compare"),
    "ov.national": ("Trung bình cả nước {mean} · Dẫn đầu: {leader} ({score})", "National mean {mean} · Leader: {leader} ({score})"),
    "ov.trend": ("Diễn biến qua các năm", "Trend over the years"),
    "ov.narrative": ("Nhận định", "Summary"),
    "ov.fields": ("Thay đổi thứ hạng các {word}", "Rank change of every {word}"),
    "ov.predecessors": ("Các tỉnh trước sáp nhập (2024 trở về trước)", "Provinces before the 2025 merger"),
    # drill-down
    "dd.ledger": ("Bảng điểm theo tiêu chí, yếu nhất trước: tỷ lệ đạt thấp nhất, rồi mất nhiều điểm nhất",
                  "Score ledger, weakest first: lowest achievement, then most points lost"),
    "dd.depth": ("Cấp tiêu chí", "Criterion level"),
    "dd.depth1": ("Lĩnh vực", "Fields"),
    "dd.depth2": ("Tiêu chí", "Criteria"),
    "dd.depth3": ("Tiêu chí thành phần", "Sub-criteria"),
    "dd.field": ("Lĩnh vực", "Field"),
    "dd.all_fields": ("Tất cả lĩnh vực", "All fields"),
    "dd.chart": ("Điểm bị mất theo tiêu chí, cùng thứ tự với bảng: yếu nhất trước",
                 "Points lost by criterion, in the table's order: weakest first"),
    "dd.pick": ("Chọn một dòng trong bảng hoặc một cột trong biểu đồ để xem chi tiết.", "Select a row or a bar to see its detail."),
    "dd.detail": ("Chi tiết: {code} {name}", "Detail: {code} {name}"),
    "dd.history": ("Qua các năm", "Over the years"),
    "dd.distribution": ("Các tỉnh ở tiêu chí này", "Every province on this criterion"),
    "dd.lead": ("Đơn vị chủ trì: {lead}", "Lead agency: {lead}"),
    "dd.no_lead": ("Chưa phân công đơn vị chủ trì", "No lead agency assigned"),
    # columns
    "col.code": ("Mã", "Code"),
    "col.criterion": ("Tiêu chí", "Criterion"),
    "col.name": ("Tên", "Name"),
    "col.unit": ("Đơn vị", "Unit"),
    "col.score": ("Điểm", "Score"),
    "col.max_score": ("Điểm tối đa", "Max"),
    "col.pct": ("Tỷ lệ đạt", "Achieved"),
    "col.points_lost": ("Điểm bị mất", "Points lost"),
    "col.delta_score": ("Thay đổi điểm", "Score change"),
    "col.previous_score": ("Điểm năm trước", "Previous score"),
    "col.rank": ("Hạng", "Rank"),
    "col.rank_of": ("Trên", "Of"),
    "col.previous_rank": ("Hạng năm trước", "Previous rank"),
    "col.delta_rank": ("Thay đổi hạng", "Rank change"),
    "col.gap_to_mean": ("Chênh với TB", "Gap to mean"),
    "col.gap_to_best": ("Chênh với cao nhất", "Gap to best"),
    "col.gap_to_target": ("Chênh với mục tiêu", "Gap to target"),
    "col.national_mean": ("TB cả nước", "National mean"),
    "col.lead": ("Đơn vị chủ trì", "Lead agency"),
    "col.support": ("Đơn vị phối hợp", "Supporting"),
    "col.band": ("Nhóm", "Band"),
    "col.region": ("Vùng", "Region"),
    "col.year": ("Năm", "Year"),
    "col.criteria_led": ("Số tiêu chí chủ trì", "Criteria led"),
    "col.previous_points_lost": ("Điểm mất năm trước", "Points lost last year"),
    "col.delta_points_lost": ("Thay đổi điểm mất", "Change in points lost"),
    "col.weakest_items": ("Tiêu chí yếu nhất", "Weakest items"),
    "col.previous_pct": ("Tỷ lệ năm trước", "Last year"),
    "col.improved": ("Đã cải thiện", "Improved"),
    "col.gain": ("Có thể tăng", "Possible gain"),
    "col.break_note": ("Ghi chú", "Note"),
    "col.field": ("Lĩnh vực", "Field"),
    "col.target_score": ("Điểm mục tiêu", "Target score"),
    "col.target_rank": ("Hạng mục tiêu", "Target rank"),
    "col.met": ("Đạt", "Met"),
    "col.gap": ("Còn thiếu", "Gap"),
    "col.note": ("Ghi chú", "Note"),
    "col.batch": ("Lần tải", "Batch"),
    "col.loaded_at": ("Thời điểm", "Loaded at"),
    "col.kind": ("Loại", "Kind"),
    "col.source": ("Nguồn", "Source"),
    "col.files": ("Tệp", "Files"),
    "col.rows_added": ("Dòng thêm", "Rows added"),
    "col.rows_replaced": ("Dòng thay thế", "Rows replaced"),
    "col.undone": ("Đã hoàn tác", "Undone"),
    "col.index": ("Chỉ số", "Index"),
    "col.first_year": ("Từ năm", "From"),
    "col.last_year": ("Đến năm", "To"),
    "col.units": ("Số đơn vị", "Units"),
    "col.has_tree": ("Có cây tiêu chí", "Has a criteria tree"),
    "col.is_percent": ("Thang %", "Percent scale"),
    # columns only the exports carry (analysis/export/labels.py)
    "col.unit_code": ("Mã đơn vị", "Unit code"),
    "col.in_list": ("Phải giải trình", "To explain"),
    "col.parent_code": ("Mã tiêu chí cha", "Parent code"),
    "col.depth": ("Cấp", "Level"),
    "col.is_leaf": ("Tiêu chí cuối", "Lowest level"),
    "col.best_score": ("Điểm cao nhất", "Best score"),
    "col.lead_code": ("Mã đơn vị chủ trì", "Lead agency code"),
    "col.support_codes": ("Mã đơn vị phối hợp", "Supporting agency codes"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    # agencies
    "ag.summary": ("Điểm bị mất theo đơn vị chủ trì", "Points lost by lead agency"),
    "ag.accountability": ("Danh sách giải trình", "Accountability list"),
    "ag.follow_up": ("Theo dõi các tiêu chí yếu năm trước (dưới {threshold}%)", "Follow-up of last year's weak items (below {threshold}%)"),
    "ag.follow_up_count": ("{improved}/{total} tiêu chí đã cải thiện", "{improved} of {total} items improved"),
    "ag.agency": ("Đơn vị", "Agency"),
    "ag.improved_label": ("Tiêu chí đã cải thiện", "Items improved"),
    "ag.all": ("Tất cả đơn vị", "All agencies"),
    "dl.csv": ("Tải CSV", "Download CSV"),
    "dl.xlsx": ("Tải Excel", "Download Excel"),
    "dl.menu": ("Tải xuống", "Download"),
    "dl.png": ("Ảnh PNG", "PNG image"),
    "dl.svg": ("Ảnh SVG", "SVG image"),
    "dl.ledger_book": ("Bảng điểm gửi các đơn vị (.xlsx)", "Ledger for the agencies (.xlsx)"),
    "dl.accountability_book": ("Danh sách giải trình gửi các đơn vị (.xlsx)", "Accountability list for the agencies (.xlsx)"),
    # compare
    "cmp.league": ("Bảng xếp hạng các tỉnh", "League table"),
    "cmp.fields": ("So sánh các lĩnh vực", "Fields side by side"),
    "cmp.bump": ("Thứ hạng qua các năm", "Rank over the years"),
    "cmp.map": ("Bản đồ điểm {index} năm {year}", "Map of {index} {year}"),
    "cmp.peers_none": ("Chưa có đơn vị so sánh: chọn nhóm khác hoặc tự chọn.", "No peers: choose another group or pick them."),
    # targets
    "tg.status": ("Mục tiêu và thực hiện", "Target and result"),
    "tg.what_it_takes": ("Cần bao nhiêu điểm?", "What would it take?"),
    "tg.rank_wanted": ("Hạng mong muốn", "Rank wanted"),
    "tg.score_needed": ("Điểm cần đạt để xếp hạng {rank}: {score}", "Score needed for rank {rank}: {score}"),
    "tg.score_needed_none": ("Không tính được điểm cần đạt cho hạng {rank}.", "Cannot compute the score needed for rank {rank}."),
    "tg.points": ("Số điểm cần tăng", "Points to gain"),
    "tg.gains": ("Tiêu chí có thể lấy lại điểm nhiều nhất", "Where points are most recoverable"),
    "input.not_number": ("«{text}» không phải số từ {low} đến {high}: dùng {value}.",
                         "«{text}» is not a number from {low} to {high}: using {value}."),
    "tg.met": ("Đạt", "Met"),
    "tg.not_met": ("Chưa đạt", "Not met"),
    "tg.unknown": ("Chưa xác định", "Unknown"),
    # internal
    "in.ranking": ("Xếp hạng {level}", "Ranking of {level}"),
    "in.index": ("Chỉ số nội bộ", "Internal index"),
    "in.mean": ("Điểm trung bình", "Mean score"),
    "in.improved": ("Số đơn vị tăng điểm", "Units improved"),
    "in.declined": ("Số đơn vị giảm điểm", "Units declined"),
    "in.bands": ("Phân loại", "Bands"),
    # data page
    "data.upload": ("Tải dữ liệu lên", "Upload data"),
    "data.upload_help": (
        "Tệp .csv hoặc .xlsx theo mẫu: tên tệp (hoặc tên sheet) chứa tên bảng: units/don_vi, criteria/tieu_chi, "
        "scores/diem, responsibilities/phan_cong, targets/muc_tieu; hoặc phụ lục của Bộ như được ban hành (.xlsx, .csv, "
        ".pdf có lớp chữ): trang xem trước cho thấy mỗi cột trở thành gì trước khi nhập. Mọi tệp của một lần tải được "
        "kiểm tra cùng nhau; có lỗi thì không ghi gì.",
        "A .csv or .xlsx file in the template's form: the file (or sheet) name contains the table's name: units, "
        "criteria, scores, responsibilities, targets; or the ministry's annex as distributed (.xlsx, .csv, a PDF with "
        "text): the preview shows what each column becomes before importing. All files of one upload are checked "
        "together; on any error nothing is written.",
    ),
    "data.files": ("Chọn tệp", "Choose files"),
    "data.upload_button": ("Chọn tệp", "Upload"),
    "data.upload_limit": ("Tối đa {mb} MB mỗi tệp • CSV, XLSX, PDF", "{mb} MB per file • CSV, XLSX, PDF"),
    # annex upload: mapping -> preview -> confirm (issue 10)
    "annex.title": ("Phụ lục: {name}", "Annex: {name}"),
    "annex.read_as": ("{index} năm {year} (chỉ số lấy từ {index_how}, năm lấy từ {year_how})",
                      "{index} {year} (index from the {index_how}, year from the {year_how})"),
    "annex.mapping": ("1. Cột → dữ liệu", "1. Column → data"),
    "annex.mapping_help": ("Mỗi cột của phụ lục và nó trở thành gì. Cột chưa ghép được: gõ mã tiêu chí vào ô "
                           "\"Mã\" (hoặc \"-\" để bỏ qua).",
                           "Every column of the annex and what it becomes. A column that is not placed: type its "
                           "criterion code in \"Code\" (or \"-\" to ignore it)."),
    "annex.units": ("Đơn vị nhận ra: {n} ({how})", "Units recognised: {n} ({how})"),
    "annex.preview": ("2. Số liệu sẽ được lưu", "2. The figures as they will be stored"),
    "annex.preview_help": ("{n} số liệu; {rows} dòng đầu.", "{n} figures; first {rows} rows."),
    "annex.confirm": ("3. Xác nhận và nhập", "3. Confirm and import"),
    "annex.problems": ("Phụ lục có {n} vấn đề; sửa cách ghép cột hoặc tệp rồi tải lại.",
                       "The annex has {n} problems; fix the mapping or the file and upload again."),
    "annex.index": ("Chỉ số (khi phụ lục không ghi)", "Index (when the annex does not say)"),
    "annex.year": ("Năm (khi phụ lục không ghi; 0 = tự nhận)", "Year (when the annex does not say; 0 = read it)"),
    "annex.save_mapping": ("Lưu cách ghép cột này để dùng cho phụ lục năm sau",
                           "Save this mapping for next year's annex"),
    "annex.col.column": ("Cột trong phụ lục", "Column in the annex"),
    "annex.col.becomes": ("Trở thành", "Becomes"),
    "annex.col.code": ("Mã", "Code"),
    "annex.col.name": ("Tiêu chí", "Criterion"),
    "annex.col.max": ("Điểm tối đa", "Maximum"),
    "annex.col.how": ("Ghép theo", "Matched by"),
    "annex.col.unit": ("Đơn vị (như ghi)", "Unit (as written)"),
    "annex.col.unit_name": ("Đơn vị nhận ra", "Unit recognised"),
    "annex.col.line": ("Dòng", "Line"),
    "annex.col.score": ("Điểm", "Score"),
    "annex.col.rank": ("Xếp hạng", "Rank"),
    "annex.becomes.criterion": ("tiêu chí", "criterion"),
    "annex.becomes.criterion rank": ("xếp hạng của tiêu chí", "criterion's rank"),
    "annex.becomes.total": ("tổng điểm (chỉ số chung)", "overall score"),
    "annex.becomes.percent": ("tỷ lệ %: chỉ để kiểm tra, không lưu", "percentage: checked, not stored"),
    "annex.becomes.rank": ("xếp hạng công bố của chỉ số chung", "published overall rank"),
    "annex.becomes.unit": ("tên đơn vị", "unit name"),
    "annex.becomes.unit_code": ("mã đơn vị", "unit code"),
    "annex.becomes.stt": ("bỏ qua: số thứ tự", "ignored: row number"),
    "annex.becomes.group": ("bỏ qua: nhóm/xếp loại", "ignored: group"),
    "annex.becomes.note": ("bỏ qua: ghi chú", "ignored: note"),
    "annex.becomes.ignored": ("bỏ qua (đã chọn)", "ignored (chosen)"),
    "annex.becomes.empty": ("bỏ qua: trống", "ignored: empty"),
    "annex.becomes.unplaced": ("CHƯA GHÉP ĐƯỢC", "NOT PLACED"),
    "annex.how.title": ("tiêu đề", "title"),
    "annex.how.sheet name": ("tên sheet", "sheet name"),
    "annex.how.file name": ("tên tệp", "file name"),
    "annex.how.chosen (--index)": ("lựa chọn của người nhập", "your choice"),
    "annex.how.chosen (--year)": ("lựa chọn của người nhập", "your choice"),
    "annex.how.code": ("mã", "code"),
    "annex.how.name": ("tên", "name"),
    "annex.how.abbreviated name": ("tên viết tắt", "abbreviated name"),
    "annex.how.similar name": ("tên gần giống", "similar name"),
    "annex.how.keyword": ("từ khóa", "keyword"),
    "annex.how.saved mapping": ("cách ghép đã lưu", "saved mapping"),
    "annex.how.defines the tree (maximum in the file)": ("lập cây tiêu chí (điểm tối đa trong tệp)",
                                                         "defines the tree (maximum in the file)"),
    "annex.how.percentage index: the overall score": ("chỉ số tính bằng %: là điểm chung",
                                                      "percentage index: the overall score"),
    "annex.how.folded name": ("theo tên", "by name"),
    "annex.how.name without prefix": ("theo tên bỏ tiền tố", "by name without prefix"),
    "annex.how.not found": ("kiểm tra khi nhập", "checked on import"),
    "data.preview": ("Xem trước: {name}", "Preview: {name}"),
    "data.preview_rows": ("{n} dòng đầu", "first {n} rows"),
    "data.replace": ("Cho phép thay thế giá trị đã có (--replace)", "Replace stored values (--replace)"),
    "data.source": ("Ghi chú nguồn (văn bản, đường dẫn)", "Source note (document, link)"),
    "data.load": ("Nhập vào cơ sở dữ liệu", "Import into the database"),
    "data.loading": ("Đang nhập dữ liệu…", "Importing…"),
    "data.ok": ("Đã nhập: {stored}", "Imported: {stored}"),
    "data.ok_nothing": ("Không có gì mới: dữ liệu đã có sẵn.", "Nothing new: the data was already loaded."),
    "data.skipped": ("Bỏ qua, không nhập: {items}", "Skipped, not imported: {items}"),
    "data.errors": ("Không nhập được: {n} lỗi. Cơ sở dữ liệu giữ nguyên.", "Not imported: {n} problems. The database is unchanged."),
    "data.demo_readonly": (
        "Đang xem dữ liệu minh họa: tắt «Dữ liệu minh họa» để nhập dữ liệu thật.",
        "The demo workspace is on: switch «Demo data» off to import real data.",
    ),
    "data.history": ("Lịch sử nhập dữ liệu", "Import history"),
    "batch.kind.reference": ("danh mục", "reference"),
    # the sources the app itself writes on a batch (analysis/bundle.py, analysis/demo/files.py)
    "batch.source.reference": ("Danh mục đơn vị đi kèm ứng dụng (xem data/README.md)",
                               "reference units bundled with the app (see data/README.md)"),
    "batch.source.bundled": ("Số liệu thật đi kèm ứng dụng (xem data/README.md)",
                             "real data bundled with the app (see data/README.md)"),
    "batch.source.demo": ("Dữ liệu minh họa — tạo tự động (seed {seed}), không phải số liệu thật",
                          "Demo data — generated (seed {seed}), not real figures"),
    "batch.kind.bundled": ("đi kèm ứng dụng", "bundled"),
    "batch.kind.user": ("người dùng nhập", "user import"),
    "batch.kind.demo": ("minh họa", "demo"),
    "data.undo": ("Hoàn tác lần nhập {batch}", "Undo batch {batch}"),
    "data.undo_confirm": ("Tôi hiểu: lần nhập {batch} ({files}) sẽ bị hoàn tác",
                          "I understand: batch {batch} ({files}) will be undone"),
    "data.undo_bundled": (
        "Lần nhập mới nhất còn hiệu lực ({batch}) là dữ liệu đi kèm ứng dụng, không hoàn tác được ở đây; "
        "chưa có lần nhập nào của người dùng để hoàn tác.",
        "The newest batch in force ({batch}) is data that ships with the app and cannot be undone here; "
        "there is no user import to undo."),
    "data.undo_refused.not_newest": (
        "Chưa hoàn tác gì: lần nhập {batch} không còn là lần nhập mới nhất. Lần nhập {newest} ({files}, lúc "
        "{loaded_at}) được nạp sau đó. Xem lại lịch sử rồi chọn lại.",
        "Nothing was undone: batch {batch} is no longer the newest import. Batch {newest} ({files}, loaded "
        "{loaded_at}) came after it. Check the history and choose again."),
    "data.undo_refused.already_undone": ("Lần nhập {batch} đã được hoàn tác trước đó.", "Batch {batch} was already undone."),
    "data.undo_refused.unknown": ("Không có lần nhập {batch}.", "There is no batch {batch}."),
    "data.undo_refused.not_user": ("Lần nhập {batch} là dữ liệu đi kèm ứng dụng, không hoàn tác được.",
                                   "Batch {batch} is data that ships with the app and cannot be undone."),
    "data.undo_refused.nothing": ("Không có lần nhập nào để hoàn tác.", "Nothing to undo."),
    "data.undone": ("Đã hoàn tác lần nhập {batch}.", "Undid batch {batch}."),
    "data.nothing_to_undo": ("Không có lần nhập nào để hoàn tác.", "Nothing to undo."),
    "data.templates": ("Tệp mẫu", "Templates"),
    "data.templates_help": (
        "Mỗi bảng một mẫu với đúng tên cột của hợp đồng dữ liệu; cột bắt buộc đánh dấu *.",
        "One template per table with the data contract's exact columns; required columns marked *.",
    ),
    "data.loaded": ("Dữ liệu đang có", "What is loaded"),
    "auth.single_user": (
        "Chế độ một người dùng: ai mở ứng dụng cũng có thể nhập dữ liệu. Đặt PARDASH_EDITOR_PASSWORD để giới hạn.",
        "Single-user mode: anyone who opens the app can import data. Set PARDASH_EDITOR_PASSWORD to restrict it.",
    ),
    "auth.viewer": (
        "Chỉ người biên tập được nhập hoặc hoàn tác dữ liệu. Nhập mật khẩu biên tập để tiếp tục.",
        "Only editors may import or undo data. Enter the editor password to continue.",
    ),
    "auth.password": ("Mật khẩu biên tập", "Editor password"),
    "auth.sign_in": ("Đăng nhập biên tập", "Sign in as editor"),
    "auth.sign_out": ("Thoát", "Sign out"),
    "auth.signed_in": ("Đã đăng nhập với quyền biên tập.", "Signed in as an editor."),
    "auth.wrong": ("Sai mật khẩu.", "Wrong password."),
    "auth.wrong_wait": ("Sai mật khẩu. Thử lại sau {seconds} giây.", "Wrong password. Try again in {seconds} s."),
    "auth.too_many": ("Sai mật khẩu nhiều lần: mật khẩu chưa được kiểm tra. Thử lại sau {seconds} giây.",
                      "Too many wrong passwords: the password was not checked. Try again in {seconds} s."),
    "auth.locked_out": ("Tạm khóa đăng nhập biên tập vì sai mật khẩu quá nhiều lần. Thử lại sau {minutes} phút.",
                        "Editor sign-in is locked after too many wrong passwords. Try again in {minutes} min."),
    "auth.signed_in_as": ("Biên tập viên: {who}.", "Editor: {who}."),
    "auth.viewer_login": (
        "Chỉ người biên tập (đăng nhập bằng tài khoản có trong editor_emails) được nhập hoặc hoàn tác dữ liệu.",
        "Only editors (signed in with an account listed in editor_emails) may import or undo data.",
    ),
    "auth.locked_secrets": (
        "Đã khóa nhập và hoàn tác dữ liệu: không đọc được tệp bí mật (`{problem}`). "
        "Sửa tệp rồi tải lại trang (xem SECURITY.md).",
        "Import and undo are locked: the secrets file cannot be read (`{problem}`). "
        "Fix the file, then reload the page (see SECURITY.md).",
    ),
    "auth.locked_plain": (
        "Đã khóa nhập và hoàn tác dữ liệu: tệp bí mật lưu mật khẩu dạng rõ (`editor_password`). "
        "Thay bằng `editor_password_hash` do lệnh `python -m analysis hash-password` tạo (xem SECURITY.md).",
        "Import and undo are locked: the secrets file keeps the password in plain text (`editor_password`). "
        "Replace it by the `editor_password_hash` that `python -m analysis hash-password` makes (see SECURITY.md).",
    ),
    "auth.locked_hash": (
        "Đã khóa nhập và hoàn tác dữ liệu: `editor_password_hash` không dùng được (`{problem}`). "
        "Tạo lại bằng `python -m analysis hash-password` (xem SECURITY.md).",
        "Import and undo are locked: `editor_password_hash` cannot be used (`{problem}`). "
        "Make it again with `python -m analysis hash-password` (see SECURITY.md).",
    ),
    "auth.locked_emails": (
        "Đã khóa nhập và hoàn tác dữ liệu: `editor_emails` trong tệp bí mật phải là một danh sách địa chỉ email.",
        "Import and undo are locked: `editor_emails` in the secrets file must be a list of email addresses.",
    ),
    "auth.locked_network": (
        "Đã khóa nhập và hoàn tác dữ liệu: ứng dụng mở cho mạng (`{address}`) nhưng chưa đặt mật khẩu biên tập. "
        "Đặt `PARDASH_EDITOR_PASSWORD` hoặc `editor_password_hash` (xem SECURITY.md), "
        "hoặc chạy ứng dụng chỉ trên máy này (127.0.0.1).",
        "Import and undo are locked: the app is open to the network (`{address}`) and no editor password is set. "
        "Set `PARDASH_EDITOR_PASSWORD` or `editor_password_hash` (see SECURITY.md), "
        "or serve the app on this machine only (127.0.0.1).",
    ),
    "data.database": ("Cơ sở dữ liệu: {path}", "Database: {path}"),
    # recovery (issue 9): a refused rebuild, bundled figures outranked by imports, restore
    "rebuild.refused": (
        "Dữ liệu đi kèm ứng dụng đã thay đổi nhưng chưa thể dựng lại cơ sở dữ liệu mà không làm mất dữ liệu đã nhập "
        "(không phát lại được lần nhập {batches}). Ứng dụng vẫn dùng cơ sở dữ liệu cũ, không có gì bị thay đổi. "
        "Để khôi phục: đặt lại các tệp bị thiếu vào thư mục lưu trữ rồi chạy `python -m analysis build`, hoặc dùng mục "
        "**Khôi phục** ở trang Dữ liệu (xem docs/recovery.md).",
        "The bundled data changed, but the database cannot be rebuilt without losing imported data (batch "
        "{batches} could not be replayed). The app keeps using the old database; nothing was changed. To restore: put "
        "the missing files back into the archive folder and run `python -m analysis build`, or use **Restore** on the "
        "Data page (see docs/recovery.md).",
    ),
    "data.overrides": ("Số liệu đi kèm được thay bằng số liệu đã nhập", "Bundled figures outranked by your imports"),
    "data.overrides_help": (
        "Cùng chỉ số, năm, đơn vị và tiêu chí: số liệu bạn nhập được ưu tiên hơn số liệu đi kèm ứng dụng, kể cả khi dữ "
        "liệu đi kèm được cập nhật. Hoàn tác lần nhập để dùng lại số liệu đi kèm.",
        "Same index, year, unit and criterion: your imported figure outranks the one bundled with the app, also "
        "after the bundled data is updated. Undo the import to use the bundled figure again.",
    ),
    "col.user_score": ("Điểm đã nhập", "Your score"),
    "col.user_source": ("Nguồn đã nhập", "Your source"),
    "col.user_batch": ("Lần tải", "Batch"),
    "col.bundled_score": ("Điểm đi kèm", "Bundled score"),
    "col.bundled_source": ("Nguồn đi kèm", "Bundled source"),
    "col.unit_name": ("Đơn vị", "Unit"),
    "recovery.title": ("Khôi phục", "Restore"),
    "recovery.rebuild": (
        "Dựng lại từ dữ liệu đi kèm và các tệp đã nhập được lưu trữ",
        "Rebuild from the bundled data and the archived imports",
    ),
    "recovery.previous": (
        "Quay về bản sao giữ lại trước lần nhập (hoặc lần dựng lại) gần nhất",
        "Roll back to the copy kept before the last import (or rebuild)",
    ),
    "recovery.drop": (
        "Bỏ các lần nhập không phát lại được (đánh dấu đã hoàn tác)",
        "Drop the imports that cannot be replayed (marked undone)",
    ),
    "recovery.confirm": ("Tôi hiểu: cơ sở dữ liệu sẽ được thay thế", "I understand: the database will be replaced"),
    "recovery.run": ("Khôi phục", "Restore"),
    "recovery.done": ("Đã khôi phục: {what}", "Restored: {what}"),
    "recovery.failed": ("Chưa khôi phục được: {why}", "Not restored: {why}"),
    # about
    "about.indices": ("Các chỉ số", "The indices"),
    "about.method": ("Ghi chú phương pháp", "Methodology notes"),
    "about.sources": ("Nguồn và giấy phép", "Sources and licences"),
    "about.par": (
        "**PAR INDEX – Chỉ số cải cách hành chính** của Bộ Nội vụ đo kết quả CCHC của bộ, tỉnh trên thang 100 điểm. "
        "Từ năm 2022 theo Quyết định 876/QĐ-BNV với 8 lĩnh vực: công tác chỉ đạo, điều hành CCHC; cải cách thể chế; "
        "cải cách TTHC; cải cách tổ chức bộ máy; cải cách chế độ công vụ; cải cách tài chính công; xây dựng và phát triển "
        "Chính quyền điện tử, Chính quyền số; tác động của CCHC đến người dân, tổ chức và phát triển KT-XH.",
        "**PAR INDEX – the Public Administration Reform Index** of the Ministry of Home Affairs scores ministries and "
        "provinces out of 100. From 2022 (Decision 876/QĐ-BNV) it has 8 fields: steering PAR; institutions; "
        "administrative procedures; organisation; civil service; public finance; e-government and digital government; "
        "impact on people, organisations and socio-economic development.",
    ),
    "about.sipas": (
        "**SIPAS – Chỉ số hài lòng về sự phục vụ hành chính** đo mức hài lòng của người dân, tổ chức (tỷ lệ %). "
        "2017–2020: 5 yếu tố, 22 tiêu chí (QĐ 2640/QĐ-BNV); 2023–2026: QĐ 1001/QĐ-BNV với hai nội dung "
        "(chính sách; cung ứng dịch vụ).",
        "**SIPAS – the Satisfaction Index of Public Administrative Services** measures citizens' and "
        "organisations' satisfaction (a percentage). 2017–2020: 5 elements, 22 criteria (Decision 2640/QĐ-BNV); "
        "2023–2026: Decision 1001/QĐ-BNV with two contents (policy; service delivery).",
    ),
    "about.papi": (
        "**PAPI – Chỉ số Hiệu quả quản trị và hành chính công cấp tỉnh** (CECODES, VFF-CRT, RTA, UNDP) khảo sát "
        "trải nghiệm của người dân; mỗi nội dung tối đa 10 điểm.",
        "**PAPI – the Provincial Governance and Public Administration Performance Index** (CECODES, VFF-CRT, "
        "RTA, UNDP) surveys citizens' experience; each dimension scores up to 10.",
    ),
    "about.pci": (
        "**PCI – Chỉ số năng lực cạnh tranh cấp tỉnh** (VCCI) đo chất lượng điều hành kinh tế qua đánh giá của doanh nghiệp.",
        "**PCI – the Provincial Competitiveness Index** (VCCI) measures economic governance as firms see it.",
    ),
    "about.breaks": (
        "- 2024 là năm cuối xếp hạng 63 tỉnh; từ 2025 có 34 tỉnh, thành phố và không còn cấp huyện. Qua mốc sáp nhập "
        "không tính thay đổi thứ hạng; lịch sử của các tỉnh trước sáp nhập được hiển thị bên cạnh.\n"
        "- Thay đổi chỉ so với năm liền trước; năm liền trước không có số liệu thì không tính thay đổi, năm gần nhất có số liệu chỉ được nêu để tham khảo.\n"
        "- Thiếu số liệu không bao giờ là 0: đơn vị không có điểm không được xếp hạng và không tính vào tổng số; trung bình, bảng xếp hạng, bản đồ và nhóm so sánh luôn ghi rõ bao nhiêu tỉnh có số liệu.\n"
        "- Khi cây tiêu chí thay đổi, một tiêu chí chỉ được so với năm trước khi trùng cả mã và tên; nếu không, ghi chú «thay đổi phương pháp».\n"
        "- Hạng công bố được dùng nguyên văn; hạng chỉ được tính từ điểm khi không có hạng công bố "
        "(so ở hai chữ số thập phân, đồng hạng cùng nhận hạng cao nhất).\n"
        "- Điểm bị mất = điểm tối đa − điểm đạt; điểm bị mất của một đơn vị chủ trì cộng trên các tiêu chí thấp nhất mà đơn vị đó chủ trì.",
        "- 2024 was the last 63-province edition; from 2025 there are 34 provinces and no districts. No rank change is "
        "computed across the merger; the predecessors' history is shown beside it.\n"
        "- A change is only against the year before; where that year has no score there is no change, and the "
        "latest year with data is shown as context only.\n"
        "- Missing is never 0: a unit without a score is not ranked nor counted in the total; means, league tables, "
        "maps and peer groups always say how many provinces have data.\n"
        "- When the criteria tree changes, a criterion is compared with the previous year only where code and name "
        "match; otherwise a methodology break is flagged.\n"
        "- Published ranks are shown as published; ranks are computed from scores only where none was published "
        "(at two decimals, ties share the best rank).\n"
        "- Points lost = max − score; an agency's points lost sum the lowest-level criteria it leads.",
    ),
    "about.licences": (
        "- PAPI: CECODES, VFF-CRT, RTA, UNDP (papi.org.vn). 2011–2016 qua gói R mdtrinh/vietnamdata (CC0); "
        "2017–2024 qua hnks-gh/ml-mcdm (MIT). Khi dùng số liệu PAPI, hãy trích dẫn PAPI.\n"
        "- Bản đồ 63 tỉnh: geoBoundaries VNM ADM1 (bản 63759600, công bố là phạm vi công cộng); bản đồ 34 tỉnh: "
        "ura8107/vnmap (MIT). Dùng cho biểu đồ thống kê, không phải ranh giới pháp lý.\n"
        "- PAR INDEX, SIPAS: số liệu công bố trên báo chí và cổng thông tin chính phủ; mỗi dòng ghi nguồn.",
        "- PAPI: CECODES, VFF-CRT, RTA, UNDP (papi.org.vn). 2011–2016 via the R package mdtrinh/vietnamdata (CC0); "
        "2017–2024 via hnks-gh/ml-mcdm (MIT). Cite PAPI when showing it.\n"
        "- 63-province map: geoBoundaries VNM ADM1 (release 63759600, stated public domain); 34-province map: "
        "ura8107/vnmap (MIT). Fit for statistical maps, not legal boundaries.\n"
        "- PAR INDEX, SIPAS: figures published by news agencies and government portals; every row names its source.",
    ),
    "about.readme": ("Chi tiết nguồn dữ liệu đi kèm", "Details of the bundled data"),
    "about.home": ("Tỉnh và chỉ số mặc định", "Home province and index"),
    "about.home_now": ("Khi đường dẫn không ghi tỉnh, chỉ số, ứng dụng mở **{unit}**, chỉ số **{index}**.",
                       "When a link names no province or index, the app opens on **{unit}**, index **{index}**."),
    "about.home_unit_unset": ("tỉnh đầu danh sách (chưa đặt)", "the first province in the list (not set)"),
    "about.home_index_unset": ("Chỉ số CCHC (PAR INDEX) (chưa đặt)", "PAR INDEX (not set)"),
    "about.home_how": (
        "Đặt một lần, trong môi trường chạy máy chủ, rồi khởi động lại ứng dụng: `{unit_env}` là mã hoặc tên tỉnh "
        "(`20` hoặc `Lạng Sơn`), `{index_env}` là `PAR_INDEX`, `SIPAS`, `PAPI` hoặc `PCI`. Ví dụ:",
        "Set once, in the server's environment, then restart the app: `{unit_env}` is a province code or name "
        "(`20` or `Lạng Sơn`), `{index_env}` is `PAR_INDEX`, `SIPAS`, `PAPI` or `PCI`. For example:"),
    # meeting deck (analysis/export/slides.py, app_pages/present.py)
    'deck.meeting': ('Báo cáo phục vụ họp Ban Chỉ đạo cải cách hành chính',
        'Report for the administrative reform steering committee'),
    'deck.date': ('Ngày lập: {date}',
        'Prepared on {date}'),
    'deck.headline': ('Kết quả {index} {year}: {unit}',
        '{index} {year} results: {unit}'),
    'deck.score': ('Điểm',
        'Score'),
    'deck.score_of': ('trên {max} điểm',
        'out of {max}'),
    'deck.score_pct': ('tỷ lệ đạt',
        'achieved'),
    'deck.rank': ('Xếp hạng',
        'Rank'),
    'deck.change': ('So với {year}',
        'Change since {year}'),
    'deck.change_none': ('So với năm trước',
        'Change'),
    'deck.band': ('Nhóm',
        'Band'),
    'deck.fields': ('Các lĩnh vực và thay đổi thứ hạng',
        'Fields and rank changes'),
    'deck.weakest': ('Các tiêu chí yếu nhất và đơn vị chủ trì',
        'The weakest criteria and their lead agencies'),
    'deck.peers': ('So sánh với các tỉnh cùng nhóm',
        'Comparison with peers'),
    'deck.targets': ('Mục tiêu và những gì cần để đạt',
        'Targets and what it would take'),
    'deck.follow_up': ('Theo dõi các tiêu chí yếu năm trước',
        "Follow-up of last year's weak items"),
    'deck.target_score': ('Điểm mục tiêu',
        'Target score'),
    'deck.target_rank': ('Hạng mục tiêu',
        'Target rank'),
    'deck.status': ('Tình trạng',
        'Status'),
    'deck.gap': ('Còn thiếu',
        'Gap'),
    'deck.above': ('Vượt mục tiêu',
        'Above target'),
    'ch.method_break': ('Phương pháp mới',
        'New method'),
    'deck.gains_for': ('Tiêu chí có thể lấy lại điểm nhiều nhất (cần thêm {points} điểm)',
        'Where the points are most recoverable ({points} points needed)'),
    'deck.more_rows': ('… và {n} dòng khác',
        '… and {n} more rows'),
    'deck.more_rows_in': ('… và {n} dòng khác: bảng đầy đủ ở trang «{sheet}» của tệp {file} đi kèm',
        '… and {n} more rows: the full table is on sheet «{sheet}» of the accompanying {file}'),
    'deck.axis_not_zero': ('Điểm (trục bắt đầu từ {low}, không từ 0)',
        'Score (axis starts at {low}, not 0)'),
    'deck.score_for_rank': ('Điểm cần cho hạng {rank}',
        'Score needed for rank {rank}'),
    'deck.sheet_peers': ('So sánh', 'Peers'),
    'deck.sheet_follow_up': ('Theo dõi năm trước', 'Follow-up'),
    'deck.sheet_fields': ('Lĩnh vực', 'Fields'),
    'deck.no_previous': ('Chưa có năm trước để theo dõi.',
        'No earlier year to follow up.'),
    'deck.no_weak': ('Năm trước không có tiêu chí yếu.',
        'No weak items last year.'),
    'deck.no_components': ('Chưa có điểm các lĩnh vực.',
        'No field scores yet.'),
    'deck.no_peers': ('Chưa có đơn vị so sánh có điểm năm này.',
        'No peers with a score this year.'),
    # refusals: a deck, export or page with nothing to show says what is missing and how to load it
    'deck.refuse_no_score': ('Không có gì để trình bày: {unit} chưa có điểm {index} năm {year} trong cơ sở dữ liệu này. '
                             'Tải điểm lên bằng «python -m analysis load TỆP» hoặc ở trang Dữ liệu, rồi tạo lại.',
        'Nothing to show: {unit} has no {index} score for {year} in this database. '
        'Load the scores with «python -m analysis load FILE» or on the Data page, then try again.'),
    'deck.refuse_no_index_year': ('Không có gì để xuất: chưa có điểm {index} năm {year} của đơn vị nào trong cơ sở dữ liệu này. '
                                  'Tải điểm lên bằng «python -m analysis load TỆP» hoặc ở trang Dữ liệu, rồi tạo lại.',
        'Nothing to export: no unit has a {index} score for {year} in this database. '
        'Load the scores with «python -m analysis load FILE» or on the Data page, then try again.'),
    'deck.refuse_no_leads': ('Không có gì để xuất: {unit} chưa có phân công đơn vị chủ trì cho {index} năm {year}. '
                             'Tải tệp phân công (responsibilities, ví dụ phan_cong.csv) bằng «python -m analysis load TỆP» '
                             'hoặc ở trang Dữ liệu, rồi tạo lại.',
        'Nothing to export: {unit} has no lead agencies assigned for {index} {year}. '
        'Load the assignments (a responsibilities file, e.g. phan_cong.csv) with «python -m analysis load FILE» '
        'or on the Data page, then try again.'),
    'deck.refuse_empty': ('Không có gì để xuất: bảng «{what}» của {unit}, {index} năm {year} không có dòng nào '
                          '(thiếu điểm các tiêu chí hoặc năm trước). Tải tệp tiêu chí (criteria) và điểm thành phần '
                          'bằng «python -m analysis load TỆP» hoặc ở trang Dữ liệu, rồi tạo lại.',
        'Nothing to export: the «{what}» table of {unit}, {index} {year} has no rows (criterion scores or the '
        'previous year are missing). Load the criteria and component scores with «python -m analysis load FILE» '
        'or on the Data page, then try again.'),
    'deck.improved_yes': ('Có',
        'Yes'),
    'deck.improved_no': ('Chưa',
        'No'),
    'deck.score_max': ('Điểm/tối đa',
        'Score/max'),
    'deck.notes_sources': ('Nguồn số liệu',
        'Sources of the figures'),
    'deck.notes_demo': ('Dữ liệu minh họa, không phải số liệu thật.',
        'Demonstration data, not real figures.'),
    'deck.notes_headline': ('Điểm, hạng và thay đổi: bảng fact (điểm được nhập hoặc tổng hợp từ cây tiêu chí; hạng công bố nếu có, nếu không là hạng tính từ điểm).',
        'Score, rank and change: the fact table (imported or aggregated scores; the published rank where there is one, else computed).'),
    'deck.notes_weakest': ('Tiêu chí yếu nhất: tiêu chí cấp thấp nhất có điểm, tỷ lệ đạt thấp nhất trước; đơn vị chủ trì theo bảng phân công (tiêu chí con kế thừa tiêu chí cha).',
        "Weakest: lowest-level criteria with a score, lowest achievement first; lead agencies from the assignment (children inherit their parent's lead)."),
    'deck.notes_peers': ('Nhóm so sánh: {peers}.',
        'Peers: {peers}.'),
    'deck.notes_targets': ('Mục tiêu theo bảng mục tiêu đã nhập; điểm cần đạt tính từ điểm các tỉnh năm nay.',
        "Targets as imported; the score needed is computed from this year's scores of all provinces."),
    'deck.notes_follow_up': ('Tiêu chí yếu năm trước: dưới {threshold}% hoặc trong 10 tiêu chí yếu nhất; so sánh theo mã và tên tiêu chí.',
        "Last year's weak items: below {threshold}% or among the 10 weakest; matched by code and name."),
    # exports: footers, sheet names, workbook titles (analysis/export/)
    'export.demo_data': ('Dữ liệu minh họa', 'Demonstration data'),
    'export.source': ('Nguồn', 'Source'),
    'export.data_version': ('Phiên bản dữ liệu', 'Data version'),
    'export.batch': ('lô {batch}', 'batch {batch}'),
    'export.created': ('Lập ngày', 'Created'),
    'export.sheet_data': ('Dữ liệu', 'Data'),
    'export.sheet_summary': ('Tổng hợp', 'Summary'),
    'export.sheet_ledger': ('Bảng điểm', 'Ledger'),
    'export.no_agency': ('Chưa phân công', 'Not assigned'),
    'export.yes': ('Có', 'Yes'),
    'export.no': ('Không', 'No'),
    'export.ledger_title': ('Bảng điểm chi tiết {index} {year} – {unit}', 'Score ledger {index} {year} – {unit}'),
    'export.accountability_title': ('Danh sách giải trình {index} {year} – {unit}', 'Accountability list {index} {year} – {unit}'),
    'export.agency_title': ('{agency}: tiêu chí chủ trì – {index} {year}', '{agency}: criteria led – {index} {year}'),
    'export.league_title': ('Bảng xếp hạng {index} {year}', 'League table {index} {year}'),
    'export.components_title': ('Điểm các lĩnh vực {index} {year} – {unit}', 'Field scores {index} {year} – {unit}'),
    'export.weakest_title': ('Các tiêu chí yếu nhất {index} {year} – {unit}', 'The weakest criteria {index} {year} – {unit}'),
    'export.follow_up_title': ('Theo dõi các tiêu chí yếu năm trước {index} {year} – {unit}', "Follow-up of last year's weak items {index} {year} – {unit}"),
    "side.peers_capped": ("Đường dẫn nêu {given} đơn vị so sánh; chỉ so sánh được tối đa {n}, nên dùng {n} đơn vị đầu.",
                          "The link names {given} peers; at most {n} can be compared, so the first {n} are used."),
}

INDEX_NAMES: dict[str, tuple[str, str]] = {
    "PAR_INDEX": ("Chỉ số CCHC (PAR INDEX)", "PAR INDEX"),
    "SIPAS": ("Chỉ số hài lòng (SIPAS)", "SIPAS"),
    "PAPI": ("PAPI", "PAPI"),
    "PCI": ("PCI", "PCI"),
    # the contract's conventional codes of a province's own indices
    "PAR_SO": ("Chỉ số CCHC các sở, ban, ngành (PAR_SO)", "PAR index of departments (PAR_SO)"),
    "PAR_HUYEN": ("Chỉ số CCHC cấp huyện (PAR_HUYEN)", "PAR index of districts (PAR_HUYEN)"),
}
NATIONAL_INDICES = ("PAR_INDEX", "SIPAS", "PAPI", "PCI")

# A band label as the configuration writes it (analysis/config.py, bands.json) -> its catalogue key.
BAND_KEYS: dict[str, str] = {
    "A": "band.A", "B": "band.B", "C": "band.C", "D": "band.D", "dưới 80%": "band.below_80",
    "Tốt": "band.good", "Khá": "band.fair", "Trung bình": "band.average", "Yếu": "band.weak",
    "Chưa đạt": "band.not_met",
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The label `key` in `lang`, with `{name}` slots filled from `values`."""
    text = _pick(TEXT[key], lang)
    return text.format(**values) if values else text


def index_name(index_code: str, lang: str = DEFAULT_LANG) -> str:
    """Display name of an index; a user's own internal index shows its code."""
    pair = INDEX_NAMES.get(index_code)
    return _pick(pair, lang) if pair else index_code


def places_change(delta_rank, lang: str = "vi") -> str | None:
    """'tăng 4 bậc' / 'giảm 2 bậc' / 'giữ nguyên thứ hạng' (up/down/same in English); None
    without a comparison (missing or NaN)."""
    if delta_rank is None or delta_rank != delta_rank:
        return None
    n = int(delta_rank)
    if n > 0:
        return t("ov.delta_places_up", lang, n=n)
    if n < 0:
        return t("ov.delta_places_down", lang, n=-n)
    return t("ov.delta_places_same", lang)


def band_name(band: str | None, lang: str = DEFAULT_LANG) -> str:
    """Display name of a band; unknown bands are shown as given."""
    if band is None or band == "":
        return "–"
    key = BAND_KEYS.get(str(band))
    return t(key, lang) if key else str(band)


def region_name(code: str | None, lang: str = DEFAULT_LANG) -> str:
    """A socio-economic region by its code, in `lang`; an unknown code is shown as given."""
    if code is None or code == "":
        return "–"
    key = f"region.{code}"
    return t(key, lang) if key in TEXT else str(code)


def batch_source(source: str | None, lang: str = DEFAULT_LANG) -> str | None:
    """A batch's source in `lang` when the app wrote it (either language's form of a
    `batch.source.*` entry); a user's own source as written."""
    if not source:
        return source
    for key in (k for k in TEXT if k.startswith("batch.source.")):
        for said in TEXT[key]:
            pattern = re.escape(said).replace(re.escape("{seed}"), r"(?P<seed>\d+)")
            found = re.fullmatch(pattern, source)
            if found:
                return t(key, lang, **found.groupdict())
    return source


def batch_kind(kind: str, lang: str = DEFAULT_LANG) -> str:
    """What made an import batch (reference, bundled, user, demo), in `lang`."""
    key = f"batch.kind.{kind}"
    return t(key, lang) if key in TEXT else str(kind)


def level_name(level: str, lang: str = DEFAULT_LANG) -> str:
    key = "level." + level
    return t(key, lang) if key in TEXT else level


def criterion_names(frame, lang: str = DEFAULT_LANG):
    """A frame of criteria with `name` in `lang`: in English the tree's `name_en` where it has
    one, else the Vietnamese name. Units' names are proper names and stay as written."""
    if frame is None or lang != "en" or "name_en" not in frame or "name" not in frame:
        return frame
    english = frame["name_en"]
    has = english.notna() & (english.astype(str).str.strip() != "")
    return frame.assign(name=english.where(has, frame["name"]))


def unit_name(row: dict, lang: str = DEFAULT_LANG) -> str:
    """A unit's name in `lang` from a row with `name` and optional `name_en`."""
    if lang == "en" and row.get("name_en"):
        return str(row["name_en"])
    return str(row.get("name") or row.get("unit_code") or "")


# Each index's own words for the levels of its tree (depth 1, 2, 3): PAPI speaks of "chỉ số
# nội dung" and "nội dung thành phần", PAR INDEX (and by default every other index) of "lĩnh
# vực", "tiêu chí" and "tiêu chí thành phần".
TREE_WORDS: dict[str, dict[int, tuple[str, str]]] = {
    "PAPI": {1: ("chỉ số nội dung", "dimension"), 2: ("nội dung thành phần", "sub-dimension"),
             3: ("chỉ tiêu", "indicator")},
}
DEFAULT_TREE_WORDS: dict[int, tuple[str, str]] = {
    1: ("lĩnh vực", "field"), 2: ("tiêu chí", "criterion"), 3: ("tiêu chí thành phần", "sub-criterion")}


def tree_word(index_code: str, depth: int, lang: str = DEFAULT_LANG) -> str:
    """'chỉ số nội dung' (PAPI, depth 1), 'lĩnh vực' (PAR INDEX, depth 1), 'tiêu chí thành
    phần' (PAR INDEX, depth 3) ... in lower case; English in the singular."""
    words = TREE_WORDS.get(str(index_code).upper(), DEFAULT_TREE_WORDS)
    depth = max(1, min(int(depth), max(words)))
    return _pick(words[depth], lang)


# Coverage: every figure over a group (a mean, a leader, a table, a map, a peer group) computed
# from fewer units than the group has says so (issue 12).
TEXT.update({
    "cov.units": ("{n}/{total} {what} có số liệu", "{n} of {total} {what} with data"),
    "cov.what.province": ("tỉnh", "provinces"),
    "cov.what.unit": ("đơn vị", "units"),
    "ov.national_partial": ("Trung bình của {cov}: {mean} · Cao nhất: {leader} ({score})",
                            "Mean of the {cov}: {mean} · Highest: {leader} ({score})"),
    "ov.mean_hidden": ("Không nêu trung bình cả nước: chỉ {cov}, dưới ngưỡng {min}%. "
                       "Cao nhất trong số này: {leader} ({score}).",
                       "No national mean: only {cov}, below the {min}% threshold. "
                       "Highest of them: {leader} ({score})."),
    "cov.league": ("Bảng xếp hạng chỉ gồm {cov} năm {year}; các tỉnh khác chưa có số liệu, "
                   "không được xếp hạng.",
                   "The table holds only the {cov} in {year}; the others have no data and are "
                   "not ranked."),
    "cov.map": ("Bản đồ: {cov}; các tỉnh còn lại tô màu xám, chưa có số liệu.",
                "Map: {cov}; the others are grey, no data."),
    "cov.peers": ("Nhóm so sánh: {cov}.", "Peer group: {cov}."),
    "cov.mean_col": ("Cột «TB cả nước» là trung bình của {cov}.",
                     "The national mean column is the mean of the {cov}."),
    "map.no_data": ("chưa có số liệu", "no data"),
    "cmp.no_fields": ("Chưa có điểm các {word} của nhóm này: chỉ có điểm tổng hợp được công bố.",
                      "No {word} scores for this group: only the published overall scores."),
    "cmp.fields_empty": ("Chưa có tỷ lệ đạt của lĩnh vực nào cho nhóm này.",
                         "No field has an achievement rate for this group."),
    "map.hoang_sa": ("QĐ. Hoàng Sa (Đà Nẵng)", "Hoang Sa Islands (Da Nang)"),
    "map.truong_sa": ("QĐ. Trường Sa (Khánh Hòa)", "Truong Sa Islands (Khanh Hoa)"),
    "lead.unassigned": ("chưa phân công", "not assigned"),
    "deck.map": ("Phụ lục: bản đồ {index} năm {year}", "Annex: map of {index} {year}"),
    "deck.fields_of": ("Các {word} và thay đổi thứ hạng", "{Word}s and rank changes"),
    "deck.weakest_of": ("Các {word} yếu nhất và đơn vị chủ trì", "Weakest {word}s and their lead agencies"),
})


def coverage_text(n_scored: int, n_units: int, lang: str = DEFAULT_LANG,
                  level: str = "province") -> str:
    """'3/63 tỉnh có số liệu' / '3 of 63 provinces with data'."""
    what = t("cov.what.province" if level == "province" else "cov.what.unit", lang)
    return t("cov.units", lang, n=int(n_scored), total=int(n_units), what=what)


# ---- remediation plans (kế hoạch khắc phục, issue 15) ------------------------------------------
# The plan sheet's contract columns are the data contract's own words (vi: its Vietnamese
# aliases, en: its column names), so a filled sheet imports as the `plans` table.
TEXT.update({
    "plans.col.province_code": ("Mã tỉnh", "province_code"),
    "plans.col.index_code": ("Chỉ số", "index_code"),
    "plans.col.result_year": ("Năm kết quả", "result_year"),
    "plans.col.criterion_code": ("Mã tiêu chí", "criterion_code"),
    "plans.col.agency_code": ("Mã đơn vị chủ trì", "agency_code"),
    "plans.col.action": ("Biện pháp", "action"),
    "plans.col.deadline": ("Thời hạn", "deadline"),
    "plans.col.status": ("Trạng thái", "status"),
    "plans.col.evidence": ("Minh chứng", "evidence"),
    "plans.col.updated_at": ("Ngày cập nhật", "updated_at"),
    "plans.col.name": ("Tên tiêu chí", "Criterion"),
    "plans.col.agency_name": ("Tên đơn vị chủ trì", "Lead agency"),
    "plans.col.pct": ("Tỷ lệ đạt (%)", "Achievement (%)"),
    "plans.status.chua_thuc_hien": ("Chưa thực hiện", "Not started"),
    "plans.status.dang_thuc_hien": ("Đang thực hiện", "In progress"),
    "plans.status.hoan_thanh": ("Hoàn thành", "Done"),
    "plans.state.missing": ("Chưa có kế hoạch", "No plan"),
    "plans.state.overdue": ("Quá hạn", "Overdue"),
    "plans.state.in_progress": ("Đang thực hiện", "In progress"),
    "plans.state.done": ("Hoàn thành", "Done"),
    "export.sheet_plans": ("Kế hoạch khắc phục", "Remediation plans"),
    "plans.heading": ("Kế hoạch khắc phục kết quả năm {year}", "Remediation plans for the {year} result"),
    "plans.none": ("Chưa có tiêu chí yếu hay kế hoạch khắc phục nào cho kết quả năm {year}.",
                   "No weak item or remediation plan for the {year} result yet."),
    "plans.metric.weak_items": ("Tiêu chí yếu", "Weak items"),
    "plans.metric.with_plan": ("Đã có kế hoạch", "With a plan"),
    "plans.metric.done": ("Đã hoàn thành", "Done"),
    "plans.metric.overdue": ("Quá hạn", "Overdue"),
    "plans.metric.missing": ("Chưa có kế hoạch", "No plan yet"),
    "plans.missing": ("Danh sách nhắc gửi kế hoạch (hạn {due})", "Reminder: plans still missing (due {due})"),
    "plans.edit": ("Cập nhật tiến độ kế hoạch", "Update the plans' progress"),
    "plans.save": ("Lưu thay đổi", "Save changes"),
    "plans.saved": ("Đã lưu: lô nhập {batch}. Có thể hoàn tác ngay dưới đây hoặc ở trang Dữ liệu.",
                    "Saved as import batch {batch}. It can be undone below or on the Data page."),
    "plans.nothing_changed": ("Không có thay đổi nào để lưu.", "Nothing changed."),
    "plans.edit_source": ("Cập nhật trên trang Đơn vị chủ trì", "Updated on the Lead agencies page"),
    "col.agency_name": ("Đơn vị chủ trì", "Lead agency"),
    "col.state": ("Tình trạng", "State"),
    "col.plans": ("Số kế hoạch", "Plans"),
    "col.deadline": ("Thời hạn", "Deadline"),
    "col.next_pct": ("Tỷ lệ đạt năm sau", "Next year's achievement"),
    "col.delta_pct": ("Thay đổi tỷ lệ đạt", "Change in achievement"),
    "col.due": ("Hạn gửi kế hoạch", "Plan due"),
    "plans.slide_title": ("Kết quả thực hiện kế hoạch khắc phục (kết quả năm {year})",
                          "Remediation plans: what was done (the {year} result)"),
    "plans.slide_empty": ("Chưa có kế hoạch khắc phục nào cho kết quả năm {year}.",
                          "No remediation plan for the {year} result yet."),
    "plans.slide_notes": ("Tiêu chí yếu: danh sách giải trình; hạn gửi kế hoạch {due}; quá hạn: đã qua thời hạn "
                          "mà chưa hoàn thành.",
                          "Weak items: the accountability list; plans due {due}; overdue: past the deadline and "
                          "not done."),
    "plans.slide_moved": ("Năm {next_year}: {improved}/{total} tiêu chí yếu tăng tỷ lệ đạt, {declined} giảm.",
                          "In {next_year}: {improved} of {total} weak items rose, {declined} fell."),
    "plans.slide_not_yet": ("Chưa có kết quả năm {year} để đánh giá chuyển biến.",
                            "No {year} result yet to see how the items moved."),
    "plans.slide_more": ("… và {n} đơn vị khác (xem file Excel).", "… and {n} more agencies (see the workbook)."),
    "plans.slide_col.agency": ("Đơn vị chủ trì", "Lead agency"),
    "plans.slide_col.weak_items": ("Tiêu chí yếu", "Weak items"),
    "plans.slide_col.with_plan": ("Có kế hoạch", "With plan"),
    "plans.slide_col.done": ("Hoàn thành", "Done"),
    "plans.slide_col.overdue": ("Quá hạn", "Overdue"),
    "plans.slide_col.missing": ("Chưa có", "Missing"),
    "plans.slide_col.improved": ("Tăng", "Rose"),
    "plans.slide_col.declined": ("Giảm", "Fell"),
    "export.plans_title": ("Kế hoạch khắc phục {index} năm {year} – {unit}",
                           "Remediation plans {index} {year} – {unit}"),
})
# Bands (analysis/config.py's labels; a province's own bands.json labels outside this list are
# shown as written).
TEXT.update({
    "band.A": ("Nhóm A", "Group A"),
    "band.B": ("Nhóm B", "Group B"),
    "band.C": ("Nhóm C", "Group C"),
    "band.D": ("Nhóm D", "Group D"),
    "band.below_80": ("dưới 80%", "below 80%"),
    "band.good": ("Tốt", "Good"),
    "band.fair": ("Khá", "Fair"),
    "band.average": ("Trung bình", "Average"),
    "band.weak": ("Yếu", "Weak"),
    "band.not_met": ("Chưa đạt", "Not met"),
    # the six socio-economic regions of data/reference/regions.csv, by code
    "region.NMM": ("Trung du và miền núi phía Bắc", "Northern Midlands and Mountains"),
    "region.RRD": ("Đồng bằng sông Hồng", "Red River Delta"),
    "region.NCC": ("Bắc Trung Bộ và Duyên hải miền Trung", "North Central and Central Coast"),
    "region.CH": ("Tây Nguyên", "Central Highlands"),
    "region.SE": ("Đông Nam Bộ", "Southeast"),
    "region.MRD": ("Đồng bằng sông Cửu Long", "Mekong River Delta"),
})

# Method-break notes (analysis/headline.py): stored with the figures in Vietnamese, the data's
# language, and retold in English on English screens (`retell`).
BREAK_KEYS = ("break.criterion_changed", "break.method_index", "break.method_criterion",
              "break.max_changed")
TEXT.update({
    "break.criterion_changed": ("Tiêu chí thay đổi giữa hai kỳ phương pháp ({prev} → {year})",
                                "The criterion changed between two methodology periods ({prev} → {year})"),
    "break.method_index": ("Phương pháp thay đổi ({prev} → {year}); so sánh theo chỉ số",
                           "The method changed ({prev} → {year}); compared as the same index"),
    "break.method_criterion": ("Phương pháp thay đổi ({prev} → {year}); so sánh theo mã và tên tiêu chí",
                               "The method changed ({prev} → {year}); compared by criterion code and name"),
    "break.max_changed": ("Điểm tối đa thay đổi ({then} → {now}, {prev} → {year})",
                          "The maximum changed ({then} → {now}, {prev} → {year})"),
    "source.note": ("Ghi chú nguồn: {basis}{cited}.", "Source note: {basis}{cited}."),
    "source.basis": ("thay đổi {delta} tính từ điểm đã lưu năm {year} là {score} và năm {prev} là {prev_score}; ",
                     "the change {delta} is computed from the stored scores, {year}: {score} and {prev}: {prev_score}; "),
    "source.cited": ("nguồn năm {year} ghi khác: “{source}”", "the {year} source says otherwise: “{source}”"),
})

# The report paragraph (analysis/narrative.py).
TEXT.update({
    "nar.index.PAR_INDEX": ("CCHC (PAR INDEX)", "PAR INDEX"),
    "nar.city": ("thành phố {name}", "{name} city"),
    "nar.province": ("tỉnh {name}", "{name} province"),
    "nar.score_of": ("{score}/{max} điểm", "{score} of {max} points"),
    "nar.score_points": ("{score} điểm", "{score} points"),
    "nar.tied": (" (đồng hạng {rank} với {names}{more})", " (tied {rank} with {names}{more})"),
    "nar.tied_more": (" và {n} đơn vị khác", " and {n} others"),
    "nar.tied_more_one": (" và {n} đơn vị khác", " and {n} other"),
    "nar.rank_provinces": (", xếp thứ {rank}/{of} tỉnh, thành phố{tied}", ", ranked {rank}/{of}{tied}"),
    "nar.rank_units": (", xếp thứ {rank}/{of} đơn vị{tied}", ", ranked {rank}/{of}{tied}"),
    "nar.merger": (", chưa so sánh với các năm trước do sắp xếp đơn vị hành chính cấp tỉnh năm 2025",
                   ", not compared with earlier years because of the 2025 province merger"),
    "nar.gap_year": (", chưa có kết quả năm {year} để so sánh; năm gần nhất có số liệu: {last}",
                     ", with no {year} result to compare with (latest earlier result: {last})"),
    "nar.no_previous": (", chưa có kết quả năm trước để so sánh", ", with no earlier result to compare with"),
    "nar.points_up": ("tăng {delta} {unit}", "up {delta} {unit}"),
    "nar.points_down": ("giảm {delta} {unit}", "down {delta} {unit}"),
    "nar.points_same": ("giữ nguyên điểm số", "score unchanged"),
    "nar.unit_pct": ("điểm %", "percentage points"),
    "nar.unit_points": ("điểm", "points"),
    "nar.place_up": ("tăng {n} bậc", "up {n} place"),
    "nar.place_down": ("giảm {n} bậc", "down {n} place"),
    "nar.rank_same": ("giữ nguyên thứ hạng", "the same rank"),
    "nar.and": (" và ", " and "),
    "nar.compared": (", {parts} so với năm {year}", ", {parts} compared with {year}"),
    "nar.opening": ("Năm {year}, Chỉ số {index} của {unit} đạt {score}{rank}{change}.",
                    "In {year}, {unit} scored {score} on {index}{rank}{change}."),
    "nar.band": (" Kết quả thuộc nhóm {band}.", " Band: {band}."),
    "nar.fields": (" {Word} đạt cao nhất là {best} ({best_pct}), thấp nhất là {worst} ({worst_pct}).",
                   " The strongest {word} is {best} ({best_pct}), the weakest {worst} ({worst_pct})."),
    "nar.weak_item": ("{label} ({pct}, mất {lost} điểm{lead})", "{label} ({pct}, {lost} points lost{lead})"),
    "nar.weak_lead": ("; chủ trì: {lead}", ", lead: {lead}"),
    "nar.weakest": (" Các {word} đạt thấp nhất: {items}.", " The weakest ({word} level): {items}."),
    "nar.goal_points": ("≥ {score} điểm", "≥ {score} points"),
    "nar.goal_rank": ("trong nhóm {rank} đứng đầu", "top {rank}"),
    "nar.target_met": (" Đạt mục tiêu đề ra ({goal}).", " The target ({goal}) was met."),
    "nar.target_missed": (" Chưa đạt mục tiêu đề ra ({goal}){short}.", " The target ({goal}) was not met{short}."),
    "nar.target_short": (", còn thiếu {gap} {unit}", ", {gap} points short"),
    "nar.target_unknown": (" Chưa đủ dữ liệu để đánh giá mục tiêu đề ra ({goal}).",
                           " Whether the target ({goal}) was met cannot be said yet."),
    "nar.partial": ("Năm {year}, Chỉ số {index} của {unit} chưa có điểm tổng hợp và không được xếp hạng do thiếu "
                    "số liệu {word} {codes}; các số liệu còn lại vẫn được trình bày.",
                    "In {year}, {unit} has no overall {index} score: the {word} {codes} are missing, so neither "
                    "the total nor a rank can be computed; the other scores are shown."),
    "nar.partial_one": ("Năm {year}, Chỉ số {index} của {unit} chưa có điểm tổng hợp và không được xếp hạng do "
                        "thiếu số liệu {word} {codes}; các số liệu còn lại vẫn được trình bày.",
                        "In {year}, {unit} has no overall {index} score: the {word} {codes} is missing, so "
                        "neither the total nor a rank can be computed; the other scores are shown."),
})

# The importer's reports and problems: the command line and the `FILE:LINE:COLUMN: message`
# lines say them in English (the data contract prints them); the data page retells them in the
# screen's language. The English side of each pair is the importer's own wording, word for word.
IMPORT_KEYS = tuple(f"imp.{k}" for k in (
    "batch", "nothing_new", "problems", "nothing_to_load", "reading", "checking", "writing", "ranks", "done",
    "value_required", "not_number", "not_whole", "unknown_value", "unknown_criterion_year", "unknown_criterion",
    "unknown_unit", "unknown_parent_unit", "duplicate", "file_empty", "sheet_empty", "more", "not_table_file",
    "hidden_sheet", "no_table", "target_required", "max_negative", "no_file", "row_no_unit", "no_unit_column",
    "no_score_column"))
TEXT.update({
    "imp.batch": ("lần nhập {batch}: thêm {added} dòng, thay {replaced} dòng",
                  "batch {batch}: {added} rows added, {replaced} replaced"),
    "imp.nothing_new": ("không có gì mới: mọi dòng đã có sẵn", "nothing new: every row is already stored"),
    "imp.problems": ("{n} lỗi", "{n} problems"),
    "imp.nothing_to_load": ("không có gì để nhập", "nothing to load"),
    "imp.reading": ("đang đọc {name}", "reading {name}"),
    "imp.checking": ("đang kiểm tra", "checking"),
    "imp.writing": ("đang ghi", "writing"),
    "imp.ranks": ("đang tính thứ hạng", "computing ranks"),
    "imp.done": ("xong", "done"),
    "imp.value_required": ("thiếu giá trị", "value required"),
    "imp.not_number": ("không phải số: \"{value}\"", "not a number: \"{value}\""),
    "imp.not_whole": ("không phải số nguyên: \"{value}\"", "not a whole number: \"{value}\""),
    "imp.unknown_value": ("giá trị không hợp lệ \"{value}\" {allowed}", "unknown value \"{value}\" {allowed}"),
    "imp.unknown_criterion_year": ("không có tiêu chí \"{code}\" trong {index} năm {year}",
                                   "unknown criterion \"{code}\" for {index} {year}"),
    "imp.unknown_criterion": ("không có tiêu chí \"{code}\" trong {index}", "unknown criterion \"{code}\" for {index}"),
    "imp.unknown_unit": ("không có đơn vị {rest}", "unknown unit {rest}"),
    "imp.unknown_parent_unit": ("không có đơn vị cấp trên {rest}", "unknown parent unit {rest}"),
    "imp.duplicate": ("trùng khóa: giống {rest}", "duplicate key: same as {rest}"),
    "imp.file_empty": ("tệp trống", "file is empty"),
    "imp.sheet_empty": ("sheet trống", "sheet is empty"),
    "imp.more": ("... và {n} lỗi khác", "... and {n} more"),
    "imp.not_table_file": ("không phải tệp .csv hoặc .xlsx", "not a .csv or .xlsx file"),
    "imp.hidden_sheet": ("sheet ẩn", "hidden sheet"),
    "imp.no_table": ("cả tên sheet lẫn các cột đều không cho biết bảng nào",
                     "neither the sheet name nor its columns name a table"),
    "imp.target_required": ("cần target_score hoặc target_rank", "target_score or target_rank required"),
    "imp.max_negative": ("max_score không được âm", "max_score must not be negative"),
    "imp.no_file": ("chưa chọn tệp .csv hoặc .xlsx nào", "no .csv or .xlsx file given"),
    "imp.row_no_unit": ("một dòng số liệu không ghi đơn vị", "a row of figures names no unit"),
    "imp.no_unit_column": ("không có cột nào ghi đơn vị (Tỉnh, thành phố / Đơn vị / Mã)",
                           "no column names the units (Tỉnh, thành phố / Đơn vị / Mã)"),
    "imp.no_score_column": ("không có cột điểm (không có cột tiêu chí, tổng điểm hay tỷ lệ %)",
                            "no column holds scores (no criterion, total or percentage column)"),
})

_VI_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*,\d+$|^-?\d+,\d+$")


@functools.lru_cache(maxsize=None)
def _template_pattern(template: str) -> re.Pattern:
    """'batch {batch}: {added} rows added' -> a regex whose named groups take the slots."""
    parts = re.split(r"\{(\w+)\}", template)
    seen: set[str] = set()
    regex = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            regex.append(re.escape(part))
        elif part in seen:
            regex.append(f"(?P={part})")
        else:
            seen.add(part)
            regex.append(f"(?P<{part}>.+?)")
    return re.compile("^" + "".join(regex) + "$", re.S)


def _number_to(value: str, lang: str) -> str:
    """A number read from the other language's text, written the way `lang` writes it."""
    if lang == "en" and _VI_NUMBER.match(value):
        return value.replace(".", "").replace(",", ".")
    return value


def retell(text: str, lang: str, keys: tuple[str, ...]) -> str:
    """`text`, made from one of `keys` in either language, said in `lang`; unchanged when no key
    made it (a name, a message nobody catalogued)."""
    for key in keys:
        for template in TEXT[key]:
            match = _template_pattern(template).match(text)
            if match:
                values = {k: _number_to(v, lang) for k, v in match.groupdict().items()}
                return t(key, lang, **values)
    return str(text)


def break_note(note: str | None, lang: str = DEFAULT_LANG) -> str | None:
    """A method-break note (stored in Vietnamese) in `lang`."""
    return retell(note, lang, BREAK_KEYS) if note else note


def import_message(message: str, lang: str = DEFAULT_LANG) -> str:
    """An importer message or report line in `lang`; a `FILE:LINE:COLUMN: message` problem keeps
    its location as written and says the message part in `lang`."""
    text = str(message)
    if lang != "vi":
        return text
    told = retell(text, lang, IMPORT_KEYS)
    if told != text:
        return told
    where, sep, rest = text.rpartition(": ")
    while sep:
        told = retell(rest, lang, IMPORT_KEYS)
        if told != rest:
            return where + sep + told
        where, sep, rest_more = where.rpartition(": ")
        rest = rest_more + ": " + rest
    return text
