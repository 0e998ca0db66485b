"""The sample intervention log: what partners did in the sample story, where and when (made up, like the
partner extracts). `python -m warehouse build-sample` records them as an analyst would."""

from __future__ import annotations

SAMPLE_INTERVENTIONS = (
    {"title": "Doorstep delivery of food parcels", "partner": "Chorley Council community hub",
     "description": "Hub volunteers deliver food parcels to the door instead of asking people to collect them.",
     "areas": ("E05013066", "E05013071"), "indicators": ("fb_vouchers", "hub_food_parcels"),
     "start": "2020-04-06", "end": "2021-03-31"},
    {"title": "Debt advice outreach at the food bank", "partner": "Citizens Advice Chorley",
     "description": "A Citizens Advice adviser at the food bank's Chorley East and Coppull sessions each week.",
     "areas": ("E05013066", "E05013074"), "indicators": ("ca_debt", "fb_vouchers"), "start": "2021-01-11"},
    {"title": "START drop-in at the community hub", "partner": "Lancashire and South Cumbria NHS Foundation Trust",
     "description": "A weekly START mental health drop-in, no referral needed.",
     "areas": ("E05013064", "E05013065"), "indicators": ("mh_start_referrals",), "start": "2020-09-01"},
)
