//! Tests of the window's update logic and views.
