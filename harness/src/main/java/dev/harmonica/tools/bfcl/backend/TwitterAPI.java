package dev.harmonica.tools.bfcl.backend;

import dev.harmonica.tools.bfcl.py.Py;
import dev.harmonica.tools.bfcl.py.PyException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.harmonica.tools.bfcl.backend.Method.opt;
import static dev.harmonica.tools.bfcl.backend.Method.req;

/**
 * Port of {@code TwitterAPI} (posting_api.py). Tweet keys are converted to int at load. {@code post_tweet}'s
 * defaults {@code tags=[]} and {@code mentions=[]} are the shared lists of {@link BfclModules}, stored in the tweet
 * by reference, so {@code mention()} on such a tweet extends the shared default (ShishirPatil/gorilla bfcl_eval eval_checker/multi_turn_eval/multi_turn_utils.py).
 */
public final class TwitterAPI extends Backend {
    private Object username;
    private Object password;
    private Object authenticated;
    private Object tweets;
    private Object comments;
    private Object retweets;
    private Object followingList;
    private Object tweetCounter;

    TwitterAPI(BfclModules modules) {
        super(modules);
        define(
                new Method("authenticate_twitter", a -> authenticate(a[0], a[1]), req("username"), req("password")),
                new Method("posting_get_login_status", a -> dict("login_status", Py.truthy(authenticated))),
                new Method("post_tweet", a -> postTweet(a[0], a[1], a[2]), req("content"),
                        opt("tags", modules.postTweetTagsDefault), opt("mentions", modules.postTweetMentionsDefault)),
                new Method("retweet", a -> retweet(a[0]), req("tweet_id")),
                new Method("comment", a -> comment(a[0], a[1]), req("tweet_id"), req("comment_content")),
                new Method("mention", a -> mention(a[0], a[1]), req("tweet_id"), req("mentioned_usernames")),
                new Method("follow_user", a -> followUser(a[0]), req("username_to_follow")),
                new Method("list_all_following", a -> listAllFollowing()),
                new Method("unfollow_user", a -> unfollowUser(a[0]), req("username_to_unfollow")),
                new Method("get_tweet", a -> getTweet(a[0]), req("tweet_id")),
                new Method("get_user_tweets", a -> getUserTweets(a[0]), req("username")),
                new Method("search_tweets", a -> searchTweets(a[0]), req("keyword")),
                new Method("get_tweet_comments", a -> getTweetComments(a[0]), req("tweet_id")),
                new Method("get_user_stats", a -> getUserStats(a[0]), req("username")));
    }

    @Override
    public String className() {
        return "TwitterAPI";
    }

    @Override
    protected void load(Map<String, Object> scenario, boolean longContext) throws PyException {
        username = get(scenario, "username", "john");
        password = get(scenario, "password", "john123");
        authenticated = get(scenario, "authenticated", false);
        Object raw = get(scenario, "tweets", new LinkedHashMap<>());
        LinkedHashMap<Object, Object> converted = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : PyOps.asDict(raw, "items").entrySet()) {
            Object k = PyOps.toInt(e.getKey());
            Object existing = PyOps.findKey(converted, k);
            converted.put(existing == PyOps.NOT_FOUND ? k : existing, e.getValue());
        }
        tweets = converted;
        comments = get(scenario, "comments", new LinkedHashMap<>());
        retweets = get(scenario, "retweets", new LinkedHashMap<>());
        followingList = get(scenario, "following_list", new ArrayList<>(List.of("alice", "bob")));
        tweetCounter = get(scenario, "tweet_counter", 0L);
    }

    @Override
    public LinkedHashMap<String, Object> publicState() {
        LinkedHashMap<String, Object> s = new LinkedHashMap<>();
        s.put("username", username);
        s.put("password", password);
        s.put("authenticated", authenticated);
        s.put("tweets", tweets);
        s.put("comments", comments);
        s.put("retweets", retweets);
        s.put("following_list", followingList);
        s.put("tweet_counter", tweetCounter);
        return s;
    }

    private static String notFound(Object tweetId) {
        return "Tweet with ID " + Py.str(tweetId) + " not found.";
    }

    Object authenticate(Object user, Object pass) {
        if (Py.eq(user, username) && Py.eq(pass, password)) {
            authenticated = true;
            return dict("authentication_status", true);
        }
        return dict("authentication_status", false);
    }

    Object postTweet(Object content, Object tags, Object mentions) throws PyException {
        if (!Py.truthy(authenticated)) return error("User not authenticated. Please authenticate before posting.");
        LinkedHashMap<Object, Object> tweet = dict("id", tweetCounter, "username", username, "content", content,
                "tags", tags, "mentions", mentions);
        PyOps.setItem(tweets, tweetCounter, tweet);
        tweetCounter = Py.add(tweetCounter, 1L);
        return tweet;
    }

    Object retweet(Object tweetId) throws PyException {
        if (!Py.truthy(authenticated)) {
            return error("User not authenticated. Please authenticate before retweeting.");
        }
        if (!PyOps.contains(tweets, tweetId)) return error(notFound(tweetId));
        if (!PyOps.contains(retweets, username)) PyOps.setItem(retweets, username, new ArrayList<>());
        Object mine = PyOps.getItem(retweets, username);
        if (PyOps.contains(mine, tweetId)) return dict("retweet_status", "Already retweeted");
        append(mine, tweetId);
        return dict("retweet_status", "Successfully retweeted");
    }

    Object comment(Object tweetId, Object content) throws PyException {
        if (!Py.truthy(authenticated)) {
            return error("User not authenticated. Please authenticate before commenting.");
        }
        if (!PyOps.contains(tweets, tweetId)) return error(notFound(tweetId));
        if (!PyOps.contains(comments, tweetId)) PyOps.setItem(comments, tweetId, new ArrayList<>());
        append(PyOps.getItem(comments, tweetId), dict("username", username, "content", content));
        return dict("comment_status", "Comment added successfully");
    }

    Object mention(Object tweetId, Object usernames) throws PyException {
        if (!PyOps.contains(tweets, tweetId)) return error(notFound(tweetId));
        Object tweet = PyOps.getItem(tweets, tweetId);
        PyOps.listExtend(PyOps.getItem(tweet, "mentions"), usernames);
        return dict("mention_status", "Users mentioned successfully");
    }

    Object followUser(Object user) throws PyException {
        if (!Py.truthy(authenticated)) {
            return error("User not authenticated. Please authenticate before following.");
        }
        if (PyOps.contains(followingList, user)) return dict("follow_status", false);
        append(followingList, user);
        return dict("follow_status", true);
    }

    Object listAllFollowing() {
        if (!Py.truthy(authenticated)) {
            return error("User not authenticated. Please authenticate before listing following.");
        }
        return dict("following_list", followingList);
    }

    Object unfollowUser(Object user) throws PyException {
        if (!Py.truthy(authenticated)) {
            return error("User not authenticated. Please authenticate before unfollowing.");
        }
        if (!PyOps.contains(followingList, user)) return dict("unfollow_status", false);
        PyOps.listRemove(PyOps.asList(followingList, "remove"), user);
        return dict("unfollow_status", true);
    }

    Object getTweet(Object tweetId) throws PyException {
        if (!PyOps.contains(tweets, tweetId)) return error(notFound(tweetId));
        return PyOps.getItem(tweets, tweetId);
    }

    private List<Object> tweetValues() throws PyException {
        return new ArrayList<>(PyOps.asDict(tweets, "values").values());
    }

    Object getUserTweets(Object user) throws PyException {
        List<Object> out = new ArrayList<>();
        for (Object tweet : tweetValues()) if (Py.eq(PyOps.getItem(tweet, "username"), user)) out.add(tweet);
        return out;
    }

    Object searchTweets(Object keyword) throws PyException {
        List<Object> out = new ArrayList<>();
        for (Object tweet : tweetValues()) {
            String kw = PyOps.lower(keyword);
            boolean hit = PyOps.lower(PyOps.getItem(tweet, "content")).contains(kw);
            if (!hit) {
                kw = PyOps.lower(keyword);
                List<Object> tags = new ArrayList<>();
                for (Object tag : Py.iterate(PyOps.getItem(tweet, "tags"))) tags.add(PyOps.lower(tag));
                hit = tags.contains(kw);
            }
            if (hit) out.add(tweet);
        }
        return out;
    }

    Object getTweetComments(Object tweetId) throws PyException {
        if (!PyOps.contains(tweets, tweetId)) return error(notFound(tweetId));
        return PyOps.dictGet(comments, tweetId, new ArrayList<>());
    }

    Object getUserStats(Object user) throws PyException {
        long tweetCount = 0;
        for (Object tweet : tweetValues()) if (Py.eq(PyOps.getItem(tweet, "username"), user)) tweetCount++;
        long following = Py.eq(user, username) ? Py.len(followingList) : 0;
        long retweetCount = Py.len(PyOps.dictGet(retweets, user, new ArrayList<>()));
        return dict("tweet_count", tweetCount, "following_count", following, "retweet_count", retweetCount);
    }
}
