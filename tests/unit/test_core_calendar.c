/* Unit tests for src/core/calendar: dates, the national holidays of 2000..2030 against the Cabinet
 * Office list, closing days, the Cabinet Office CSV, overrides and business-day arithmetic.
 * Requirements: TOS-7 (the 30-day rule: date arithmetic), CHK-17 (deletion within 10 business
 * days), TOS-23 (business days). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/calendar.h"

/* The national holidays of 2000..2030 as the Cabinet Office lists them (syukujitsu.csv): 2000..2026
 * copied from the published file, 2027..2030 derived from the Act (equinoxes by the published
 * approximation) and checked against an independent holiday table. Substitute and citizens'
 * holidays are both "休日", as in the CSV. */
/* clang-format off */
static const char *const official[] = {
    /* 2000 */
    "2000-01-01 元日", "2000-01-10 成人の日", "2000-02-11 建国記念の日", "2000-03-20 春分の日",
    "2000-04-29 みどりの日", "2000-05-03 憲法記念日", "2000-05-04 休日", "2000-05-05 こどもの日",
    "2000-07-20 海の日", "2000-09-15 敬老の日", "2000-09-23 秋分の日", "2000-10-09 体育の日",
    "2000-11-03 文化の日", "2000-11-23 勤労感謝の日", "2000-12-23 天皇誕生日",
    /* 2001 */
    "2001-01-01 元日", "2001-01-08 成人の日", "2001-02-11 建国記念の日", "2001-02-12 休日",
    "2001-03-20 春分の日", "2001-04-29 みどりの日", "2001-04-30 休日", "2001-05-03 憲法記念日",
    "2001-05-04 休日", "2001-05-05 こどもの日", "2001-07-20 海の日", "2001-09-15 敬老の日",
    "2001-09-23 秋分の日", "2001-09-24 休日", "2001-10-08 体育の日", "2001-11-03 文化の日",
    "2001-11-23 勤労感謝の日", "2001-12-23 天皇誕生日", "2001-12-24 休日",
    /* 2002 */
    "2002-01-01 元日", "2002-01-14 成人の日", "2002-02-11 建国記念の日", "2002-03-21 春分の日",
    "2002-04-29 みどりの日", "2002-05-03 憲法記念日", "2002-05-04 休日", "2002-05-05 こどもの日",
    "2002-05-06 休日", "2002-07-20 海の日", "2002-09-15 敬老の日", "2002-09-16 休日",
    "2002-09-23 秋分の日", "2002-10-14 体育の日", "2002-11-03 文化の日", "2002-11-04 休日",
    "2002-11-23 勤労感謝の日", "2002-12-23 天皇誕生日",
    /* 2003 */
    "2003-01-01 元日", "2003-01-13 成人の日", "2003-02-11 建国記念の日", "2003-03-21 春分の日",
    "2003-04-29 みどりの日", "2003-05-03 憲法記念日", "2003-05-05 こどもの日", "2003-07-21 海の日",
    "2003-09-15 敬老の日", "2003-09-23 秋分の日", "2003-10-13 体育の日", "2003-11-03 文化の日",
    "2003-11-23 勤労感謝の日", "2003-11-24 休日", "2003-12-23 天皇誕生日",
    /* 2004 */
    "2004-01-01 元日", "2004-01-12 成人の日", "2004-02-11 建国記念の日", "2004-03-20 春分の日",
    "2004-04-29 みどりの日", "2004-05-03 憲法記念日", "2004-05-04 休日", "2004-05-05 こどもの日",
    "2004-07-19 海の日", "2004-09-20 敬老の日", "2004-09-23 秋分の日", "2004-10-11 体育の日",
    "2004-11-03 文化の日", "2004-11-23 勤労感謝の日", "2004-12-23 天皇誕生日",
    /* 2005 */
    "2005-01-01 元日", "2005-01-10 成人の日", "2005-02-11 建国記念の日", "2005-03-20 春分の日",
    "2005-03-21 休日", "2005-04-29 みどりの日", "2005-05-03 憲法記念日", "2005-05-04 休日",
    "2005-05-05 こどもの日", "2005-07-18 海の日", "2005-09-19 敬老の日", "2005-09-23 秋分の日",
    "2005-10-10 体育の日", "2005-11-03 文化の日", "2005-11-23 勤労感謝の日",
    "2005-12-23 天皇誕生日",
    /* 2006 */
    "2006-01-01 元日", "2006-01-02 休日", "2006-01-09 成人の日", "2006-02-11 建国記念の日",
    "2006-03-21 春分の日", "2006-04-29 みどりの日", "2006-05-03 憲法記念日", "2006-05-04 休日",
    "2006-05-05 こどもの日", "2006-07-17 海の日", "2006-09-18 敬老の日", "2006-09-23 秋分の日",
    "2006-10-09 体育の日", "2006-11-03 文化の日", "2006-11-23 勤労感謝の日",
    "2006-12-23 天皇誕生日",
    /* 2007 */
    "2007-01-01 元日", "2007-01-08 成人の日", "2007-02-11 建国記念の日", "2007-02-12 休日",
    "2007-03-21 春分の日", "2007-04-29 昭和の日", "2007-04-30 休日", "2007-05-03 憲法記念日",
    "2007-05-04 みどりの日", "2007-05-05 こどもの日", "2007-07-16 海の日", "2007-09-17 敬老の日",
    "2007-09-23 秋分の日", "2007-09-24 休日", "2007-10-08 体育の日", "2007-11-03 文化の日",
    "2007-11-23 勤労感謝の日", "2007-12-23 天皇誕生日", "2007-12-24 休日",
    /* 2008 */
    "2008-01-01 元日", "2008-01-14 成人の日", "2008-02-11 建国記念の日", "2008-03-20 春分の日",
    "2008-04-29 昭和の日", "2008-05-03 憲法記念日", "2008-05-04 みどりの日",
    "2008-05-05 こどもの日", "2008-05-06 休日", "2008-07-21 海の日", "2008-09-15 敬老の日",
    "2008-09-23 秋分の日", "2008-10-13 体育の日", "2008-11-03 文化の日", "2008-11-23 勤労感謝の日",
    "2008-11-24 休日", "2008-12-23 天皇誕生日",
    /* 2009 */
    "2009-01-01 元日", "2009-01-12 成人の日", "2009-02-11 建国記念の日", "2009-03-20 春分の日",
    "2009-04-29 昭和の日", "2009-05-03 憲法記念日", "2009-05-04 みどりの日",
    "2009-05-05 こどもの日", "2009-05-06 休日", "2009-07-20 海の日", "2009-09-21 敬老の日",
    "2009-09-22 休日", "2009-09-23 秋分の日", "2009-10-12 体育の日", "2009-11-03 文化の日",
    "2009-11-23 勤労感謝の日", "2009-12-23 天皇誕生日",
    /* 2010 */
    "2010-01-01 元日", "2010-01-11 成人の日", "2010-02-11 建国記念の日", "2010-03-21 春分の日",
    "2010-03-22 休日", "2010-04-29 昭和の日", "2010-05-03 憲法記念日", "2010-05-04 みどりの日",
    "2010-05-05 こどもの日", "2010-07-19 海の日", "2010-09-20 敬老の日", "2010-09-23 秋分の日",
    "2010-10-11 体育の日", "2010-11-03 文化の日", "2010-11-23 勤労感謝の日",
    "2010-12-23 天皇誕生日",
    /* 2011 */
    "2011-01-01 元日", "2011-01-10 成人の日", "2011-02-11 建国記念の日", "2011-03-21 春分の日",
    "2011-04-29 昭和の日", "2011-05-03 憲法記念日", "2011-05-04 みどりの日",
    "2011-05-05 こどもの日", "2011-07-18 海の日", "2011-09-19 敬老の日", "2011-09-23 秋分の日",
    "2011-10-10 体育の日", "2011-11-03 文化の日", "2011-11-23 勤労感謝の日",
    "2011-12-23 天皇誕生日",
    /* 2012 */
    "2012-01-01 元日", "2012-01-02 休日", "2012-01-09 成人の日", "2012-02-11 建国記念の日",
    "2012-03-20 春分の日", "2012-04-29 昭和の日", "2012-04-30 休日", "2012-05-03 憲法記念日",
    "2012-05-04 みどりの日", "2012-05-05 こどもの日", "2012-07-16 海の日", "2012-09-17 敬老の日",
    "2012-09-22 秋分の日", "2012-10-08 体育の日", "2012-11-03 文化の日", "2012-11-23 勤労感謝の日",
    "2012-12-23 天皇誕生日", "2012-12-24 休日",
    /* 2013 */
    "2013-01-01 元日", "2013-01-14 成人の日", "2013-02-11 建国記念の日", "2013-03-20 春分の日",
    "2013-04-29 昭和の日", "2013-05-03 憲法記念日", "2013-05-04 みどりの日",
    "2013-05-05 こどもの日", "2013-05-06 休日", "2013-07-15 海の日", "2013-09-16 敬老の日",
    "2013-09-23 秋分の日", "2013-10-14 体育の日", "2013-11-03 文化の日", "2013-11-04 休日",
    "2013-11-23 勤労感謝の日", "2013-12-23 天皇誕生日",
    /* 2014 */
    "2014-01-01 元日", "2014-01-13 成人の日", "2014-02-11 建国記念の日", "2014-03-21 春分の日",
    "2014-04-29 昭和の日", "2014-05-03 憲法記念日", "2014-05-04 みどりの日",
    "2014-05-05 こどもの日", "2014-05-06 休日", "2014-07-21 海の日", "2014-09-15 敬老の日",
    "2014-09-23 秋分の日", "2014-10-13 体育の日", "2014-11-03 文化の日", "2014-11-23 勤労感謝の日",
    "2014-11-24 休日", "2014-12-23 天皇誕生日",
    /* 2015 */
    "2015-01-01 元日", "2015-01-12 成人の日", "2015-02-11 建国記念の日", "2015-03-21 春分の日",
    "2015-04-29 昭和の日", "2015-05-03 憲法記念日", "2015-05-04 みどりの日",
    "2015-05-05 こどもの日", "2015-05-06 休日", "2015-07-20 海の日", "2015-09-21 敬老の日",
    "2015-09-22 休日", "2015-09-23 秋分の日", "2015-10-12 体育の日", "2015-11-03 文化の日",
    "2015-11-23 勤労感謝の日", "2015-12-23 天皇誕生日",
    /* 2016 */
    "2016-01-01 元日", "2016-01-11 成人の日", "2016-02-11 建国記念の日", "2016-03-20 春分の日",
    "2016-03-21 休日", "2016-04-29 昭和の日", "2016-05-03 憲法記念日", "2016-05-04 みどりの日",
    "2016-05-05 こどもの日", "2016-07-18 海の日", "2016-08-11 山の日", "2016-09-19 敬老の日",
    "2016-09-22 秋分の日", "2016-10-10 体育の日", "2016-11-03 文化の日", "2016-11-23 勤労感謝の日",
    "2016-12-23 天皇誕生日",
    /* 2017 */
    "2017-01-01 元日", "2017-01-02 休日", "2017-01-09 成人の日", "2017-02-11 建国記念の日",
    "2017-03-20 春分の日", "2017-04-29 昭和の日", "2017-05-03 憲法記念日", "2017-05-04 みどりの日",
    "2017-05-05 こどもの日", "2017-07-17 海の日", "2017-08-11 山の日", "2017-09-18 敬老の日",
    "2017-09-23 秋分の日", "2017-10-09 体育の日", "2017-11-03 文化の日", "2017-11-23 勤労感謝の日",
    "2017-12-23 天皇誕生日",
    /* 2018 */
    "2018-01-01 元日", "2018-01-08 成人の日", "2018-02-11 建国記念の日", "2018-02-12 休日",
    "2018-03-21 春分の日", "2018-04-29 昭和の日", "2018-04-30 休日", "2018-05-03 憲法記念日",
    "2018-05-04 みどりの日", "2018-05-05 こどもの日", "2018-07-16 海の日", "2018-08-11 山の日",
    "2018-09-17 敬老の日", "2018-09-23 秋分の日", "2018-09-24 休日", "2018-10-08 体育の日",
    "2018-11-03 文化の日", "2018-11-23 勤労感謝の日", "2018-12-23 天皇誕生日", "2018-12-24 休日",
    /* 2019 */
    "2019-01-01 元日", "2019-01-14 成人の日", "2019-02-11 建国記念の日", "2019-03-21 春分の日",
    "2019-04-29 昭和の日", "2019-04-30 休日", "2019-05-01 休日（祝日扱い）", "2019-05-02 休日",
    "2019-05-03 憲法記念日", "2019-05-04 みどりの日", "2019-05-05 こどもの日", "2019-05-06 休日",
    "2019-07-15 海の日", "2019-08-11 山の日", "2019-08-12 休日", "2019-09-16 敬老の日",
    "2019-09-23 秋分の日", "2019-10-14 体育の日（スポーツの日）", "2019-10-22 休日（祝日扱い）",
    "2019-11-03 文化の日", "2019-11-04 休日", "2019-11-23 勤労感謝の日",
    /* 2020 */
    "2020-01-01 元日", "2020-01-13 成人の日", "2020-02-11 建国記念の日", "2020-02-23 天皇誕生日",
    "2020-02-24 休日", "2020-03-20 春分の日", "2020-04-29 昭和の日", "2020-05-03 憲法記念日",
    "2020-05-04 みどりの日", "2020-05-05 こどもの日", "2020-05-06 休日", "2020-07-23 海の日",
    "2020-07-24 スポーツの日", "2020-08-10 山の日", "2020-09-21 敬老の日", "2020-09-22 秋分の日",
    "2020-11-03 文化の日", "2020-11-23 勤労感謝の日",
    /* 2021 */
    "2021-01-01 元日", "2021-01-11 成人の日", "2021-02-11 建国記念の日", "2021-02-23 天皇誕生日",
    "2021-03-20 春分の日", "2021-04-29 昭和の日", "2021-05-03 憲法記念日", "2021-05-04 みどりの日",
    "2021-05-05 こどもの日", "2021-07-22 海の日", "2021-07-23 スポーツの日", "2021-08-08 山の日",
    "2021-08-09 休日", "2021-09-20 敬老の日", "2021-09-23 秋分の日", "2021-11-03 文化の日",
    "2021-11-23 勤労感謝の日",
    /* 2022 */
    "2022-01-01 元日", "2022-01-10 成人の日", "2022-02-11 建国記念の日", "2022-02-23 天皇誕生日",
    "2022-03-21 春分の日", "2022-04-29 昭和の日", "2022-05-03 憲法記念日", "2022-05-04 みどりの日",
    "2022-05-05 こどもの日", "2022-07-18 海の日", "2022-08-11 山の日", "2022-09-19 敬老の日",
    "2022-09-23 秋分の日", "2022-10-10 スポーツの日", "2022-11-03 文化の日",
    "2022-11-23 勤労感謝の日",
    /* 2023 */
    "2023-01-01 元日", "2023-01-02 休日", "2023-01-09 成人の日", "2023-02-11 建国記念の日",
    "2023-02-23 天皇誕生日", "2023-03-21 春分の日", "2023-04-29 昭和の日", "2023-05-03 憲法記念日",
    "2023-05-04 みどりの日", "2023-05-05 こどもの日", "2023-07-17 海の日", "2023-08-11 山の日",
    "2023-09-18 敬老の日", "2023-09-23 秋分の日", "2023-10-09 スポーツの日", "2023-11-03 文化の日",
    "2023-11-23 勤労感謝の日",
    /* 2024 */
    "2024-01-01 元日", "2024-01-08 成人の日", "2024-02-11 建国記念の日", "2024-02-12 休日",
    "2024-02-23 天皇誕生日", "2024-03-20 春分の日", "2024-04-29 昭和の日", "2024-05-03 憲法記念日",
    "2024-05-04 みどりの日", "2024-05-05 こどもの日", "2024-05-06 休日", "2024-07-15 海の日",
    "2024-08-11 山の日", "2024-08-12 休日", "2024-09-16 敬老の日", "2024-09-22 秋分の日",
    "2024-09-23 休日", "2024-10-14 スポーツの日", "2024-11-03 文化の日", "2024-11-04 休日",
    "2024-11-23 勤労感謝の日",
    /* 2025 */
    "2025-01-01 元日", "2025-01-13 成人の日", "2025-02-11 建国記念の日", "2025-02-23 天皇誕生日",
    "2025-02-24 休日", "2025-03-20 春分の日", "2025-04-29 昭和の日", "2025-05-03 憲法記念日",
    "2025-05-04 みどりの日", "2025-05-05 こどもの日", "2025-05-06 休日", "2025-07-21 海の日",
    "2025-08-11 山の日", "2025-09-15 敬老の日", "2025-09-23 秋分の日", "2025-10-13 スポーツの日",
    "2025-11-03 文化の日", "2025-11-23 勤労感謝の日", "2025-11-24 休日",
    /* 2026 */
    "2026-01-01 元日", "2026-01-12 成人の日", "2026-02-11 建国記念の日", "2026-02-23 天皇誕生日",
    "2026-03-20 春分の日", "2026-04-29 昭和の日", "2026-05-03 憲法記念日", "2026-05-04 みどりの日",
    "2026-05-05 こどもの日", "2026-05-06 休日", "2026-07-20 海の日", "2026-08-11 山の日",
    "2026-09-21 敬老の日", "2026-09-22 休日", "2026-09-23 秋分の日", "2026-10-12 スポーツの日",
    "2026-11-03 文化の日", "2026-11-23 勤労感謝の日",
    /* 2027 */
    "2027-01-01 元日", "2027-01-11 成人の日", "2027-02-11 建国記念の日", "2027-02-23 天皇誕生日",
    "2027-03-21 春分の日", "2027-03-22 休日", "2027-04-29 昭和の日", "2027-05-03 憲法記念日",
    "2027-05-04 みどりの日", "2027-05-05 こどもの日", "2027-07-19 海の日", "2027-08-11 山の日",
    "2027-09-20 敬老の日", "2027-09-23 秋分の日", "2027-10-11 スポーツの日", "2027-11-03 文化の日",
    "2027-11-23 勤労感謝の日",
    /* 2028 */
    "2028-01-01 元日", "2028-01-10 成人の日", "2028-02-11 建国記念の日", "2028-02-23 天皇誕生日",
    "2028-03-20 春分の日", "2028-04-29 昭和の日", "2028-05-03 憲法記念日", "2028-05-04 みどりの日",
    "2028-05-05 こどもの日", "2028-07-17 海の日", "2028-08-11 山の日", "2028-09-18 敬老の日",
    "2028-09-22 秋分の日", "2028-10-09 スポーツの日", "2028-11-03 文化の日",
    "2028-11-23 勤労感謝の日",
    /* 2029 */
    "2029-01-01 元日", "2029-01-08 成人の日", "2029-02-11 建国記念の日", "2029-02-12 休日",
    "2029-02-23 天皇誕生日", "2029-03-20 春分の日", "2029-04-29 昭和の日", "2029-04-30 休日",
    "2029-05-03 憲法記念日", "2029-05-04 みどりの日", "2029-05-05 こどもの日", "2029-07-16 海の日",
    "2029-08-11 山の日", "2029-09-17 敬老の日", "2029-09-23 秋分の日", "2029-09-24 休日",
    "2029-10-08 スポーツの日", "2029-11-03 文化の日", "2029-11-23 勤労感謝の日",
    /* 2030 */
    "2030-01-01 元日", "2030-01-14 成人の日", "2030-02-11 建国記念の日", "2030-02-23 天皇誕生日",
    "2030-03-20 春分の日", "2030-04-29 昭和の日", "2030-05-03 憲法記念日", "2030-05-04 みどりの日",
    "2030-05-05 こどもの日", "2030-05-06 休日", "2030-07-15 海の日", "2030-08-11 山の日",
    "2030-08-12 休日", "2030-09-16 敬老の日", "2030-09-23 秋分の日", "2030-10-14 スポーツの日",
    "2030-11-03 文化の日", "2030-11-04 休日", "2030-11-23 勤労感謝の日",
};
/* clang-format on */

#define OFFICIAL_COUNT (sizeof official / sizeof official[0])

static struct an_date date(const char *s)
{
  struct an_date d = {0, 0, 0};
  if (!an_date_parse(s, &d))
    fail_msg("test date \"%s\" does not parse", s);
  return d;
}

static const char *fmt(struct an_date d, char buf[AN_DATE_STRLEN])
{
  an_date_format(d, buf, AN_DATE_STRLEN);
  return buf;
}

/* Finds "YYYY-MM-DD" in the table; returns its name or NULL. */
static const char *official_name(const char *ymd)
{
  for (size_t i = 0; i < OFFICIAL_COUNT; i++)
    if (strncmp(official[i], ymd, 10) == 0)
      return official[i] + 11;
  return NULL;
}

static void official_list_matches_both_ways(void **state)
{
  (void)state;
  assert_int_equal(OFFICIAL_COUNT, 540);
  size_t seen = 0;
  for (int y = 2000; y <= 2030; y++) {
    struct an_holiday h[40];
    size_t n = an_holidays_of_year(y, h, 40);
    assert_true(n > 0 && n <= 32);
    for (size_t i = 0; i < n; i++) {
      char d[AN_DATE_STRLEN];
      fmt(h[i].date, d);
      const char *want = official_name(d);
      if (!want)
        fail_msg("computed %s %s is not in the official list", d, h[i].name);
      if (strcmp(want, h[i].name) != 0)
        fail_msg("%s: computed \"%s\", official \"%s\"", d, h[i].name, want);
      assert_int_equal(h[i].date.y, y);
      if (i > 0)
        assert_true(an_date_cmp(h[i - 1].date, h[i].date) < 0);
      assert_string_equal(an_holiday_name(h[i].date), h[i].name);
    }
    seen += n;
  }
  /* Nothing missing: every official day is computed, with the same name. */
  for (size_t i = 0; i < OFFICIAL_COUNT; i++) {
    char ymd[AN_DATE_STRLEN];
    snprintf(ymd, sizeof ymd, "%.10s", official[i]);
    const char *got = an_holiday_name(date(ymd));
    if (!got || strcmp(got, official[i] + 11) != 0)
      fail_msg("official %s is computed as %s", official[i], got ? got : "no holiday");
  }
  assert_int_equal(seen, OFFICIAL_COUNT);
}

static void calendar_lists_the_same_without_a_csv(void **state)
{
  (void)state;
  struct an_calendar *c = an_calendar_new();
  size_t total = 0;
  for (int y = 2000; y <= 2030; y++) {
    struct an_holiday a[40], b[40];
    size_t n = an_holidays_of_year(y, a, 40);
    assert_int_equal(an_calendar_holidays(c, y, b, 40), n);
    for (size_t i = 0; i < n; i++) {
      assert_int_equal(an_date_cmp(a[i].date, b[i].date), 0);
      assert_string_equal(a[i].name, b[i].name);
    }
    total += n;
  }
  assert_int_equal(total, OFFICIAL_COUNT);
  /* cap limits what is written, not what is counted. */
  struct an_holiday one[1];
  assert_int_equal(an_calendar_holidays(c, 2026, one, 1), 18);
  assert_string_equal(one[0].name, "元日");
  an_calendar_free(c);
}

static void expect_holiday(const char *ymd, const char *name)
{
  const char *got = an_holiday_name(date(ymd));
  if (!name && got)
    fail_msg("%s: expected no holiday, got %s", ymd, got);
  if (name && (!got || strcmp(got, name) != 0))
    fail_msg("%s: expected %s, got %s", ymd, name, got ? got : "no holiday");
}

static void tricky_days(void **state)
{
  (void)state;
  /* Equinoxes. */
  static const char *const spring[] = {"2012-03-20", "2016-03-20", "2025-03-20", "2026-03-20",
                                       "2027-03-21", "2028-03-20", "2029-03-20", "2030-03-20"};
  for (size_t i = 0; i < sizeof spring / sizeof spring[0]; i++)
    expect_holiday(spring[i], "春分の日");
  static const char *const autumn[] = {"2012-09-22", "2016-09-22", "2020-09-22", "2024-09-22",
                                       "2028-09-22"};
  for (size_t i = 0; i < sizeof autumn / sizeof autumn[0]; i++)
    expect_holiday(autumn[i], "秋分の日");
  expect_holiday("2027-03-22", "休日"); /* 3/21 is a Sunday */
  expect_holiday("2025-03-21", NULL);
  /* Citizens' holidays between 敬老の日 and 秋分の日. */
  expect_holiday("2009-09-22", "休日");
  expect_holiday("2015-09-22", "休日");
  expect_holiday("2026-09-22", "休日");
  /* 2019: enthronement. */
  expect_holiday("2019-04-30", "休日");
  expect_holiday("2019-05-01", "休日（祝日扱い）");
  expect_holiday("2019-05-02", "休日");
  expect_holiday("2019-05-06", "休日");
  expect_holiday("2019-10-14", "体育の日（スポーツの日）");
  expect_holiday("2019-10-22", "休日（祝日扱い）");
  expect_holiday("2019-12-23", NULL); /* no 天皇誕生日 in 2019 */
  expect_holiday("2018-12-23", "天皇誕生日");
  expect_holiday("2018-12-24", "休日");
  expect_holiday("2020-02-23", "天皇誕生日");
  expect_holiday("2020-02-24", "休日");
  /* Olympic years. */
  expect_holiday("2020-07-23", "海の日");
  expect_holiday("2020-07-24", "スポーツの日");
  expect_holiday("2020-08-10", "山の日");
  expect_holiday("2020-07-20", NULL);
  expect_holiday("2020-08-11", NULL);
  expect_holiday("2020-10-12", NULL);
  expect_holiday("2021-07-22", "海の日");
  expect_holiday("2021-07-23", "スポーツの日");
  expect_holiday("2021-08-08", "山の日");
  expect_holiday("2021-08-09", "休日");
  expect_holiday("2021-07-19", NULL);
  expect_holiday("2021-10-11", NULL);
  /* Changes of the Act. */
  expect_holiday("2002-07-20", "海の日");
  expect_holiday("2003-07-21", "海の日");
  expect_holiday("2002-09-16", "休日"); /* 9/15 was a Sunday */
  expect_holiday("2003-09-15", "敬老の日");
  expect_holiday("2006-04-29", "みどりの日");
  expect_holiday("2006-05-04", "休日");
  expect_holiday("2007-04-29", "昭和の日");
  expect_holiday("2007-04-30", "休日");
  expect_holiday("2007-05-04", "みどりの日");
  expect_holiday("2008-05-06", "休日"); /* 5/4 Sunday: since 2007 the next non-holiday */
  expect_holiday("2015-08-11", NULL);
  expect_holiday("2016-08-11", "山の日");
  expect_holiday("2018-10-08", "体育の日");
  expect_holiday("2022-10-10", "スポーツの日");
  expect_holiday("2026-05-06", "休日");
  /* Outside 1948..2099 nothing is known, but the dates are fine. */
  struct an_holiday h[40];
  assert_int_equal(an_holidays_of_year(2100, h, 40), 0);
  assert_int_equal(an_holidays_of_year(1947, h, 40), 0);
  assert_int_equal(an_holidays_of_year(0, h, 40), 0);
  expect_holiday("2100-01-01", NULL);
  expect_holiday("1900-01-01", NULL);
  assert_int_equal(an_holidays_of_year(2099, h, 40), 18);
  assert_int_equal(an_holidays_of_year(1948, h, 40), 3); /* in force from 1948-07-20 */
}

static void date_parsing(void **state)
{
  (void)state;
  struct an_date d = {1, 2, 3};
  assert_true(an_date_parse("2024-02-29", &d));
  assert_int_equal(d.y, 2024);
  assert_int_equal(d.m, 2);
  assert_int_equal(d.d, 29);
  assert_true(an_date_parse("1873-01-01", &d));
  assert_true(an_date_parse("9999-12-31", &d));
  assert_true(an_date_parse("2000-02-29", &d));
  static const char *const bad[] = {"",
                                    "2026-02-30",
                                    "2025-02-29",
                                    "1900-02-29",
                                    "2100-02-29",
                                    "2026-04-31",
                                    "2026-13-01",
                                    "2026-00-10",
                                    "2026-01-00",
                                    "2026-01-32",
                                    "2026-1-01",
                                    "2026-01-1",
                                    "26-01-01",
                                    "2026/01/01",
                                    "2026-01-01 ",
                                    " 2026-01-01",
                                    "2026-01-01T00:00",
                                    "20260101",
                                    "abcd-01-01",
                                    "2026-0a-01",
                                    "+026-01-01",
                                    "-026-01-01",
                                    "1872-12-31",
                                    "0000-01-01",
                                    "10000-01-01",
                                    "２０２６-01-01",
                                    "2026-01-0\xd9\xa1"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    d = (struct an_date){7, 7, 7};
    if (an_date_parse(bad[i], &d))
      fail_msg("\"%s\" was accepted", bad[i]);
    assert_int_equal(d.y, 7); /* untouched */
  }
  assert_false(an_date_parse(NULL, &d));
  char buf[AN_DATE_STRLEN];
  assert_string_equal(fmt(date("1873-01-09"), buf), "1873-01-09");
  struct an_date bad_day = {2026, 2, 30};
  assert_false(an_date_valid(bad_day));
}

static void date_arithmetic(void **state)
{
  (void)state;
  char buf[AN_DATE_STRLEN];
  struct an_date d;
  assert_true(an_date_add_days(date("2026-01-31"), 30, &d));
  assert_string_equal(fmt(d, buf), "2026-03-02");
  assert_true(an_date_add_days(date("2024-02-28"), 1, &d));
  assert_string_equal(fmt(d, buf), "2024-02-29");
  assert_true(an_date_add_days(date("2025-12-31"), 1, &d));
  assert_string_equal(fmt(d, buf), "2026-01-01");
  assert_true(an_date_add_days(date("2026-03-01"), -1, &d));
  assert_string_equal(fmt(d, buf), "2026-02-28");
  assert_true(an_date_add_days(date("2100-02-28"), 1, &d)); /* not a leap year */
  assert_string_equal(fmt(d, buf), "2100-03-01");
  assert_int_equal(an_date_days_between(date("2026-01-01"), date("2026-01-31")), 30);
  assert_int_equal(an_date_days_between(date("2026-01-31"), date("2026-01-01")), -30);
  assert_int_equal(an_date_days_between(date("2024-01-01"), date("2025-01-01")), 366);
  assert_int_equal(an_date_days_between(date("1970-01-01"), date("2000-01-01")), 10957);
  assert_int_equal(an_date_weekday(date("2026-01-01")), 4); /* Thursday */
  assert_int_equal(an_date_weekday(date("1970-01-01")), 4);
  assert_int_equal(an_date_weekday(date("1873-01-01")), 3); /* Wednesday */
  assert_int_equal(an_date_weekday(date("2000-02-29")), 2);
  assert_int_equal(an_date_weekday(date("9999-12-31")), 5);
  assert_true(an_date_cmp(date("2026-01-01"), date("2026-01-02")) < 0);
  assert_true(an_date_cmp(date("2026-01-02"), date("2026-01-01")) > 0);
  assert_int_equal(an_date_cmp(date("2026-01-02"), date("2026-01-02")), 0);
  /* The ends of the range. */
  d = date("2000-01-01");
  assert_false(an_date_add_days(date("9999-12-31"), 1, &d));
  assert_false(an_date_add_days(date("1873-01-01"), -1, &d));
  assert_false(an_date_add_days(date("2026-01-01"), 2147483647L, &d));
  assert_string_equal(fmt(d, buf), "2000-01-01"); /* untouched */
  /* Every day of the range follows the one before, and the weekdays cycle. */
  struct an_date prev = date("1873-01-01"), next;
  long n = 0;
  while (an_date_add_days(prev, 1, &next)) {
    assert_true(an_date_valid(next));
    assert_int_equal(an_date_weekday(next), (an_date_weekday(prev) + 1) % 7);
    assert_int_equal(an_date_days_between(prev, next), 1);
    prev = next;
    n++;
  }
  assert_string_equal(fmt(prev, buf), "9999-12-31");
  assert_int_equal(n, an_date_days_between(date("1873-01-01"), date("9999-12-31")));
}

static void expect_add(const struct an_calendar *c, const char *from, long n, const char *want)
{
  struct an_date d;
  char buf[AN_DATE_STRLEN];
  if (!an_calendar_add_business_days(c, date(from), n, &d))
    fail_msg("%s + %ld business days failed", from, n);
  if (strcmp(fmt(d, buf), want) != 0)
    fail_msg("%s + %ld business days: got %s, want %s", from, n, buf, want);
}

static void business_days(void **state)
{
  (void)state;
  struct an_calendar *c = an_calendar_new();
  /* Across a weekend. */
  expect_add(c, "2026-01-16", 1, "2026-01-19");
  expect_add(c, "2026-01-16", 5, "2026-01-23");
  /* Across Golden Week 2026: 4/29 Wed, 5/2-5/3 weekend, 5/3-5/6 holidays. */
  expect_add(c, "2026-04-28", 1, "2026-04-30");
  expect_add(c, "2026-04-30", 1, "2026-05-01");
  expect_add(c, "2026-05-01", 1, "2026-05-07");
  /* Across the year-end closing (12-29..01-03) and New Year. */
  expect_add(c, "2025-12-26", 1, "2026-01-05");
  expect_add(c, "2025-12-29", 0, "2026-01-05");
  /* CHK-17: deletion within 10 business days of a request made on 2026-12-25 (Friday):
   * 12/28, then 2027-01-04..08, 1/11 is 成人の日, 1/12..15. */
  expect_add(c, "2026-12-25", 10, "2027-01-15");
  /* n = 0: the day itself when open, else the next business day. */
  expect_add(c, "2026-01-19", 0, "2026-01-19");
  expect_add(c, "2026-05-04", 0, "2026-05-07");
  expect_add(c, "2026-01-17", 0, "2026-01-19");
  /* A Saturday start counts from Monday. */
  expect_add(c, "2026-01-17", 1, "2026-01-20");
  struct an_date d = date("2000-01-01");
  assert_false(an_calendar_add_business_days(c, date("2026-01-16"), -1, &d));
  assert_false(an_calendar_add_business_days(c, date("9999-12-30"), 5, &d));
  assert_int_equal(d.y, 2000);
  /* On or after, strictly after. */
  char buf[AN_DATE_STRLEN];
  assert_true(an_calendar_business_day_on_or_after(c, date("2026-01-16"), &d));
  assert_string_equal(fmt(d, buf), "2026-01-16");
  assert_true(an_calendar_business_day_after(c, date("2026-01-16"), &d));
  assert_string_equal(fmt(d, buf), "2026-01-19");
  assert_true(an_calendar_business_day_on_or_after(c, date("2026-09-19"), &d));
  assert_string_equal(fmt(d, buf), "2026-09-24"); /* Silver Week: 9/21, 9/22, 9/23 */
  /* Is-business-day and its reasons. */
  assert_true(an_calendar_is_business_day(c, date("2026-01-05")));
  assert_false(an_calendar_is_business_day(c, date("2026-01-03"))); /* Saturday */
  assert_false(an_calendar_is_business_day(c, date("2026-01-02"))); /* closing */
  assert_false(an_calendar_is_business_day(c, date("2026-01-12"))); /* 成人の日 */
  assert_false(an_calendar_is_business_day(c, date("2025-12-29"))); /* closing, Monday */
  assert_true(an_calendar_is_business_day(c, date("2025-12-26")));
  assert_true(an_calendar_is_closing(c, date("2025-12-31")));
  assert_null(an_calendar_holiday(c, date("2025-12-31"))); /* closing days are not holidays */
  /* 2100: no holidays known, but weekends and closing days still apply. */
  assert_true(an_calendar_is_business_day(c, date("2100-01-04")));
  assert_false(an_calendar_is_business_day(c, date("2100-01-02")));
  an_calendar_free(c);
}

static void expect_bad_closing(struct an_calendar *c, const char *spec, const char *named)
{
  char err[256] = "";
  if (an_calendar_set_closing(c, spec, err, sizeof err))
    fail_msg("closing spec \"%s\" was accepted", spec);
  if (!strstr(err, named))
    fail_msg("message \"%s\" does not name \"%s\"", err, named);
}

static void closing_days_spec(void **state)
{
  (void)state;
  struct an_calendar *c = an_calendar_new();
  char err[256];
  /* The default is the year-end closing. */
  assert_true(an_calendar_is_closing(c, date("2026-12-29")));
  assert_true(an_calendar_is_closing(c, date("2027-01-03")));
  assert_false(an_calendar_is_closing(c, date("2026-12-28")));
  assert_false(an_calendar_is_closing(c, date("2027-01-04")));
  /* Bad specs are refused, named, and change nothing. */
  expect_bad_closing(c, "12-32..01-03", "12-32..01-03");
  expect_bad_closing(c, "13-01", "13-01");
  expect_bad_closing(c, "02-30", "02-30");
  expect_bad_closing(c, "1-3", "1-3");
  expect_bad_closing(c, "12-29...01-03", "12-29...01-03");
  expect_bad_closing(c, "12-29..", "12-29..");
  expect_bad_closing(c, "..01-03", "..01-03");
  expect_bad_closing(c, "12-29 .. 01-03", "12-29 .. 01-03");
  expect_bad_closing(c, "12/29..01/03", "12/29..01/03");
  expect_bad_closing(c, "abc", "abc");
  expect_bad_closing(c, "12-29..01-03,", "empty entry");
  expect_bad_closing(c, ",", "empty entry");
  expect_bad_closing(c, "12-29..01-03,,08-13", "empty entry");
  expect_bad_closing(c, "01-01..12-31", "every day");
  expect_bad_closing(c, "06-01..05-31", "every day");
  expect_bad_closing(c, "01-01..06-30, 07-01..12-31", "every day");
  assert_true(an_calendar_is_closing(c, date("2026-12-30")));
  assert_false(an_calendar_is_closing(c, date("2026-08-14")));
  /* Two ranges, one wrapping over the new year, with spaces. */
  assert_true(an_calendar_set_closing(c, " 12-29..01-03 , 08-13..08-15 ", err, sizeof err));
  assert_true(an_calendar_is_closing(c, date("2026-08-13")));
  assert_true(an_calendar_is_closing(c, date("2026-08-15")));
  assert_false(an_calendar_is_closing(c, date("2026-08-16")));
  assert_false(an_calendar_is_closing(c, date("2026-08-12")));
  assert_true(an_calendar_is_closing(c, date("2026-01-01")));
  /* Replacing drops the year-end; single days; 02-29 only in leap years. */
  assert_true(an_calendar_set_closing(c, "05-01,02-29", err, sizeof err));
  assert_false(an_calendar_is_closing(c, date("2026-12-30")));
  assert_true(an_calendar_is_closing(c, date("2026-05-01")));
  assert_false(an_calendar_is_closing(c, date("2026-05-02")));
  assert_true(an_calendar_is_closing(c, date("2028-02-29")));
  assert_false(an_calendar_is_closing(c, date("2026-03-01")));
  /* Empty means none: 2025-12-29 becomes a business day. */
  assert_true(an_calendar_set_closing(c, "", err, sizeof err));
  assert_false(an_calendar_is_closing(c, date("2026-01-02")));
  assert_true(an_calendar_is_business_day(c, date("2025-12-29")));
  assert_true(an_calendar_set_closing(c, "  ", err, sizeof err));
  assert_true(an_calendar_set_closing(c, NULL, err, sizeof err));
  expect_add(c, "2025-12-26", 1, "2025-12-29");
  /* Only 1/1 left open, and it is always 元日: the search gives up instead of looping. */
  assert_true(an_calendar_set_closing(c, "01-02..12-31", err, sizeof err));
  struct an_date d = date("2000-01-03");
  assert_false(an_calendar_business_day_on_or_after(c, date("2026-01-02"), &d));
  assert_false(an_calendar_add_business_days(c, date("2026-01-02"), 0, &d));
  assert_int_equal(d.y, 2000);
  /* An override opens a day. */
  assert_true(an_calendar_override(c, date("2027-01-01"), AN_DAY_BUSINESS, NULL));
  assert_true(an_calendar_business_day_after(c, date("2026-01-02"), &d));
  char buf[AN_DATE_STRLEN];
  assert_string_equal(fmt(d, buf), "2027-01-01");
  an_calendar_free(c);
}

/* Writes len bytes to a new temporary file and returns its path (caller unlinks). */
static char *temp_file(const char *bytes, size_t len)
{
  static char path[64];
  snprintf(path, sizeof path, "/tmp/anshin-calendar-XXXXXX");
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, bytes, len), (ssize_t)len);
  close(fd);
  return path;
}

static bool load(struct an_calendar *c, const char *text, char *err, size_t errlen)
{
  char *path = temp_file(text, strlen(text));
  bool ok = an_calendar_load_csv(c, path, err, errlen);
  unlink(path);
  return ok;
}

static void csv_overrides_its_years(void **state)
{
  (void)state;
  struct an_calendar *c = an_calendar_new();
  char err[256] = "";
  /* A list covering 2026 only; UTF-8 with a BOM and CRLF, as Excel writes it. */
  const char *text = "\xEF\xBB\xBF国民の祝日・休日月日,国民の祝日・休日名称\r\n"
                     "2026/1/12,成人の日\r\n"
                     "2026/5/6,休日\r\n"
                     "\r\n"
                     "2026/06/15,\"臨時の祝日\"\r\n";
  if (!load(c, text, err, sizeof err))
    fail_msg("load: %s", err);
  /* 2026 is exactly the list: 元日 is not in it, so it is no holiday here. */
  assert_null(an_calendar_holiday(c, date("2026-01-01")));
  assert_string_equal(an_calendar_holiday(c, date("2026-01-12")), "成人の日");
  assert_string_equal(an_calendar_holiday(c, date("2026-06-15")), "臨時の祝日");
  assert_null(an_calendar_holiday(c, date("2026-05-05")));
  assert_false(an_calendar_is_business_day(c, date("2026-06-15")));
  assert_true(an_calendar_is_business_day(c, date("2026-05-05")));
  struct an_holiday h[40];
  assert_int_equal(an_calendar_holidays(c, 2026, h, 40), 3);
  assert_string_equal(h[1].name, "休日");
  assert_int_equal(an_date_cmp(h[2].date, date("2026-06-15")), 0);
  /* Other years stay computed. */
  assert_string_equal(an_calendar_holiday(c, date("2027-01-01")), "元日");
  assert_int_equal(an_calendar_holidays(c, 2027, h, 40), 17);
  /* 2100 has no computed holidays, but a list makes it known. */
  assert_true(load(c, "header\n2100/1/1,元日\n", err, sizeof err));
  assert_int_equal(an_calendar_holidays(c, 2100, h, 40), 1);
  /* A new load replaces the old one: 2026 is computed again. */
  assert_string_equal(an_calendar_holiday(c, date("2026-01-01")), "元日");
  an_calendar_free(c);
}

static void csv_in_shift_jis(void **state)
{
  (void)state;
  struct an_calendar *c = an_calendar_new();
  char err[256] = "";
  /* As published: Shift_JIS (CP932), CRLF. Header, 元日, 休日（祝日扱い）. */
  const char *sjis =
      "\x8d\x91\x96\xaf\x82\xcc\x8f\x6a\x93\xfa\x81\x45\x8b\x78\x93\xfa\x8c\x8e"
      "\x93\xfa,\x8d\x91\x96\xaf\x82\xcc\x8f\x6a\x93\xfa\x81\x45\x8b\x78\x93\xfa"
      "\x96\xbc\x8f\xcc\r\n"
      "2019/1/1,\x8c\xb3\x93\xfa\r\n"
      "2019/5/1,\x8b\x78\x93\xfa\x81\x69\x8f\x6a\x93\xfa\x88\xb5\x82\xa2\x81\x6a\r\n";
  if (!load(c, sjis, err, sizeof err))
    fail_msg("load: %s", err);
  assert_string_equal(an_calendar_holiday(c, date("2019-01-01")), "元日");
  assert_string_equal(an_calendar_holiday(c, date("2019-05-01")), "休日（祝日扱い）");
  assert_null(an_calendar_holiday(c, date("2019-05-03")));
  an_calendar_free(c);
}

static void expect_bad_csv(const char *text, const char *named)
{
  struct an_calendar *c = an_calendar_new();
  char err[256] = "";
  if (load(c, text, err, sizeof err))
    fail_msg("CSV \"%s\" was accepted", text);
  if (!strstr(err, named))
    fail_msg("message \"%s\" does not name \"%s\"", err, named);
  /* Nothing was loaded. */
  assert_string_equal(an_calendar_holiday(c, date("2026-01-01")), "元日");
  an_calendar_free(c);
}

static void bad_csv_refused(void **state)
{
  (void)state;
  const char *h = "国民の祝日・休日月日,国民の祝日・休日名称\n";
  char text[256];
#define BAD(rows, named)                                                                           \
  do {                                                                                             \
    snprintf(text, sizeof text, "%s%s", h, rows);                                                  \
    expect_bad_csv(text, named);                                                                   \
  } while (0)
  BAD("2026/1/1,元日\n2026/2/30,x\n", "line 3");
  BAD("2026/2/30,x\n", "no such date");
  BAD("2026-01-01,元日\n", "line 2");
  BAD("26/1/1,元日\n", "bad date");
  BAD("2026/1/1\n", "bad date");
  BAD("2026/1/1,\n", "missing name");
  BAD("2026/1/1,元日,x\n", "two columns");
  BAD("2026/1/1,元\x01日\n", "bad name");
  BAD("2026/1/1,元日\n2026/1/1,元日\n", "2026-01-01 is listed twice");
  BAD("", "no holidays");
  BAD("元日\n", "line 2");
  BAD("2026/001/1,元日\n", "bad date");
#undef BAD
  expect_bad_csv("", "no holidays");
  expect_bad_csv("\xff\xfe\x00\x00", "neither UTF-8 nor Shift_JIS");
  struct an_calendar *c = an_calendar_new();
  char err[256] = "";
  assert_false(an_calendar_load_csv(c, "/nonexistent/syukujitsu.csv", err, sizeof err));
  assert_non_null(strstr(err, "/nonexistent/syukujitsu.csv"));
  /* A failed load keeps the list loaded before. */
  assert_true(load(c, "h\n2026/1/2,x\n", err, sizeof err));
  assert_false(load(c, "h\n2026/1/3,y\nbad\n", err, sizeof err));
  assert_string_equal(an_calendar_holiday(c, date("2026-01-02")), "x");
  assert_null(an_calendar_holiday(c, date("2026-01-03")));
  an_calendar_free(c);
}

static void operator_overrides(void **state)
{
  (void)state;
  struct an_calendar *c = an_calendar_new();
  /* A working Saturday, a working national holiday and a working closing day. */
  assert_true(an_calendar_override(c, date("2026-01-17"), AN_DAY_BUSINESS, "臨時営業日"));
  assert_true(an_calendar_override(c, date("2026-05-04"), AN_DAY_BUSINESS, NULL));
  assert_true(an_calendar_override(c, date("2026-12-30"), AN_DAY_BUSINESS, NULL));
  assert_true(an_calendar_is_business_day(c, date("2026-01-17")));
  assert_true(an_calendar_is_business_day(c, date("2026-05-04")));
  assert_null(an_calendar_holiday(c, date("2026-05-04")));
  assert_true(an_calendar_is_business_day(c, date("2026-12-30")));
  expect_add(c, "2026-01-16", 1, "2026-01-17");
  expect_add(c, "2026-05-01", 1, "2026-05-04");
  /* A company holiday on a weekday. */
  assert_true(an_calendar_override(c, date("2026-06-01"), AN_DAY_HOLIDAY, "創立記念日"));
  assert_string_equal(an_calendar_holiday(c, date("2026-06-01")), "創立記念日");
  assert_false(an_calendar_is_business_day(c, date("2026-06-01")));
  struct an_holiday h[40];
  assert_int_equal(an_calendar_holidays(c, 2026, h, 40), 18); /* +創立記念日 −みどりの日 */
  /* Replacing an override. */
  assert_true(an_calendar_override(c, date("2026-06-01"), AN_DAY_BUSINESS, NULL));
  assert_true(an_calendar_is_business_day(c, date("2026-06-01")));
  /* Invalid ones are refused. */
  assert_false(an_calendar_override(c, date("2026-06-02"), AN_DAY_HOLIDAY, NULL));
  assert_false(an_calendar_override(c, date("2026-06-02"), AN_DAY_HOLIDAY, ""));
  assert_false(an_calendar_override(c, date("2026-06-02"), AN_DAY_HOLIDAY, "a\x1b[31mb"));
  assert_false(an_calendar_override(c, date("2026-06-02"), AN_DAY_HOLIDAY, "\xc2\x85"));
  assert_false(an_calendar_override(c, date("2026-06-02"), AN_DAY_HOLIDAY, "\xff"));
  assert_false(an_calendar_override(c, (struct an_date){2026, 2, 30}, AN_DAY_BUSINESS, NULL));
  assert_false(an_calendar_override(c, date("2026-06-02"), (enum an_day_kind)7, NULL));
  assert_true(an_calendar_is_business_day(c, date("2026-06-02")));
  an_calendar_free(c);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(official_list_matches_both_ways),
      cmocka_unit_test(calendar_lists_the_same_without_a_csv),
      cmocka_unit_test(tricky_days),
      cmocka_unit_test(date_parsing),
      cmocka_unit_test(date_arithmetic),
      cmocka_unit_test(business_days),
      cmocka_unit_test(closing_days_spec),
      cmocka_unit_test(csv_overrides_its_years),
      cmocka_unit_test(csv_in_shift_jis),
      cmocka_unit_test(bad_csv_refused),
      cmocka_unit_test(operator_overrides),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
