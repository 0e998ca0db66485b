"""The sample stories: illustrative quotes and case studies (made up, like the partner extracts, and marked as
such in their text), with no personal details, some shareable with viewers and some not.
`python -m warehouse build-sample` records them as an analyst would, through the personal-details check."""

from __future__ import annotations

ILLUSTRATIVE = "[Illustrative sample story] "

SAMPLE_STORIES = (
    {"areas": ("E05013066",), "theme": "Nutrition and food", "indicators": ("hub_food_parcels", "fb_vouchers"),
     "story_date": "2020-05-14", "partner": "Chorley and South Ribble community hub", "consent_recorded": True,
     "shareable": True,
     "text": ILLUSTRATIVE + "A mum of three told our volunteers the doorstep parcel was the first full cupboard "
             "they had had since her hours were cut in March: 'I didn't know who to ask, and then you knocked.'"},
    {"areas": ("E05013074",), "theme": "Money and work", "indicators": ("ca_debt",),
     "story_date": "2021-02-03", "partner": "Citizens Advice Chorley and South Ribble", "consent_recorded": True,
     "shareable": True,
     "text": ILLUSTRATIVE + "An adviser at the food bank session met a man who had been skipping meals to keep up "
             "with a catalogue debt. A breathing space and a benefits check later, he is about 40 pounds a week "
             "better off and has stopped using the food bank."},
    {"areas": ("E05013064", "E05013065"), "theme": "Independence", "indicators": ("hub_personal_shopping_65",),
     "story_date": "2020-11-20", "partner": "Chorley and South Ribble community hub", "consent_recorded": True,
     "shareable": True,
     "text": ILLUSTRATIVE + "Older callers asked for shopping by phone because they had never ordered online; "
             "several said they would rather wait a day for a volunteer than try an app."},
    {"areas": ("E05013071",), "theme": "Mental wellbeing", "indicators": ("mh_start_referrals",),
     "story_date": "2021-06-09", "partner": "Lancashire and South Cumbria NHS Foundation Trust",
     "consent_recorded": False, "shareable": False,
     "text": ILLUSTRATIVE + "Analysts only (no consent recorded): a young carer described waiting months for "
             "support and only getting help through the drop-in at the hub."},
    {"areas": ("E07000126",), "theme": "Nutrition and food", "indicators": ("fb_vouchers",),
     "story_date": "2021-09-15", "partner": "Chorley and South Ribble food bank network", "consent_recorded": True,
     "shareable": False,
     "text": ILLUSTRATIVE + "Analysts only (consent recorded, not yet agreed for sharing): volunteers at the "
             "Leyland pantry say working families now make up most of their Thursday evening visitors."},
)
